package io.ecsmigrator.inventory;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DiskLineValidatorTests {

	private static final String[] HEADER = Arrays.stream(InventoryColumn.values())
		.map(InventoryColumn::header)
		.toArray(String[]::new);

	private final DiskLineValidator validator = new DiskLineValidator(InventoryHeader.parse("inv.csv", HEADER),
			ErrorCatalogue.english());

	/** A valid system disk line, with some cells replaced. */
	private static RawLine line(String... overrides) {
		Map<InventoryColumn, String> values = new LinkedHashMap<>();
		values.put(InventoryColumn.IMAGE_NAME, "web-01");
		values.put(InventoryColumn.REGION, "cn-hangzhou");
		values.put(InventoryColumn.DISK_INDEX, "1");
		values.put(InventoryColumn.OSS_BUCKET, "dc1-disks");
		values.put(InventoryColumn.OSS_OBJECT, "wave1/web-01.qcow2");
		for (int i = 0; i < overrides.length; i += 2) {
			values.put(InventoryColumn.fromHeader(overrides[i]).orElseThrow(), overrides[i + 1]);
		}
		String[] fields = Arrays.stream(InventoryColumn.values())
			.map(c -> values.getOrDefault(c, ""))
			.toArray(String[]::new);
		return RawLine.of(7, fields);
	}

	private List<String> codes(RawLine line) {
		return this.validator.validate(line).errors().stream().map(LineError::code).toList();
	}

	@Test
	void validLineHasNoErrorsAndNormalisesEnumSpelling() {
		StagedLine staged = this.validator.validate(line("format", "QCOW2", "architecture", "X86_64", "os_type", "Linux",
				"platform", "windows server 2019", "boot_mode", "uefi", "license_type", "byol", "region", "CN-Hangzhou"));
		assertThat(staged.errors()).isEmpty();
		assertThat(staged.value(InventoryColumn.FORMAT)).isEqualTo("qcow2");
		assertThat(staged.value(InventoryColumn.ARCHITECTURE)).isEqualTo("x86_64");
		assertThat(staged.value(InventoryColumn.OS_TYPE)).isEqualTo("linux");
		assertThat(staged.value(InventoryColumn.PLATFORM)).isEqualTo("Windows Server 2019");
		assertThat(staged.value(InventoryColumn.BOOT_MODE)).isEqualTo("UEFI");
		assertThat(staged.value(InventoryColumn.LICENSE_TYPE)).isEqualTo("BYOL");
		assertThat(staged.value(InventoryColumn.REGION)).isEqualTo("cn-hangzhou");
	}

	@Test
	void surroundingSpacesAreTrimmedAndEmptyDiskIndexMeansSystemDisk() {
		StagedLine staged = this.validator.validate(line("image_name", "  web-01 ", "disk_index", " ", "format", " RAW "));
		assertThat(staged.errors()).isEmpty();
		assertThat(staged.value(InventoryColumn.IMAGE_NAME)).isEqualTo("web-01");
		assertThat(staged.value(InventoryColumn.DISK_INDEX)).isEqualTo("1");
		assertThat(staged.value(InventoryColumn.FORMAT)).isEqualTo("RAW");
	}

	@ParameterizedTest
	@ValueSource(strings = { "web", "Web-01.prod:v2_x", "财务系统", "财务-app-01", "a1", "Zz" })
	void acceptsImageNamesTheApiAccepts(String name) {
		assertThat(codes(line("image_name", name))).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "1web|must start with a letter", "-web|must start with a letter",
			"a|has 1 characters", "web 01|contains a space", "web/01|contains '/'", "web#01|contains '#'",
			"http://web|starts with http://", "https://web|starts with http://", "aliyun-web|reserves",
			"acs:web|reserves", "_web|must start with a letter" })
	void rejectsMalformedImageNames(String name, String reason) {
		List<LineError> errors = this.validator.validate(line("image_name", name)).errors();
		assertThat(errors).singleElement().satisfies(error -> {
			assertThat(error.code()).isEqualTo("InvalidImageName.Malformed");
			assertThat(error.message()).contains(reason);
			assertThat(error.columnNo()).isEqualTo(1);
			assertThat(error.lineNo()).isEqualTo(7);
			assertThat(error.hint()).isNotBlank();
		});
	}

	@Test
	void imageNameLengthIsCountedInCharactersUpTo128() {
		assertThat(codes(line("image_name", "a".repeat(128)))).isEmpty();
		assertThat(codes(line("image_name", "财".repeat(128)))).isEmpty();
		assertThat(codes(line("image_name", "a".repeat(129)))).containsExactly("InvalidImageName.Malformed");
	}

	@Test
	void requiredColumnsReportMissingParameter() {
		StagedLine staged = this.validator.validate(line("image_name", "", "region", "", "oss_bucket", "", "oss_object", ""));
		assertThat(staged.errors()).extracting(LineError::code).containsOnly("MissingParameter").hasSize(4);
		assertThat(staged.errors()).extracting(LineError::column)
			.containsExactly("image_name", "region", "oss_bucket", "oss_object");
		assertThat(staged.errors().get(1).message()).contains("\"RegionId\"");
		assertThat(staged.errors().get(2).message()).contains("DiskDeviceMapping.n.OSSBucket");
		assertThat(staged.errors().get(3).message()).contains("DiskDeviceMapping.n.OSSObject");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Hangzhou", "cn_hangzhou", "cn hangzhou", "杭州" })
	void rejectsWhatIsNotARegionId(String region) {
		assertThat(codes(line("region", region))).containsExactly("RegionId.NotFound");
	}

	@ParameterizedTest
	@CsvSource({ "0", "18", "x", "1.5", "-1" })
	void diskIndexMustBeOneToSeventeen(String index) {
		assertThat(codes(line("disk_index", index))).containsExactly("Inventory.InvalidDiskIndex");
	}

	@ParameterizedTest
	@CsvSource({ "VMDK,qemu-img convert -O qcow2 disk.vmdk disk.qcow2", "vhdx,qemu-img convert",
			"iso,qemu-img convert", "zip,RAW, VHD or qcow2" })
	void rejectsFormatsEcsCannotImportWithTheFix(String format, String hint) {
		List<LineError> errors = this.validator.validate(line("format", format)).errors();
		assertThat(errors).singleElement().satisfies(error -> {
			assertThat(error.code()).isEqualTo("InvalidFormat.Malformed");
			assertThat(error.hint()).contains(hint);
		});
	}

	@ParameterizedTest
	@CsvSource({ "amd64,x86_64", "AARCH64,arm64", "i686,i386" })
	void anotherToolsNameOfAnArchitectureGetsTheApisName(String written, String apiName) {
		assertThat(this.validator.validate(line("architecture", written)).errors()).singleElement()
			.satisfies(error -> {
				assertThat(error.code()).isEqualTo("InvalidArchitecture.Malformed");
				assertThat(error.hint()).isEqualTo("ImportImage names it " + apiName + ": write " + apiName + " instead of " + written);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "-40", "99999999999999999999" })
	void aWholeNumberOutOfRangeIsSaidToBeOutOfRangeNotMalformed(String size) {
		assertThat(this.validator.validate(line("disk_size_gib", size)).errors()).singleElement()
			.satisfies(error -> assertThat(error.message()).isEqualTo(
					"disk_size_gib " + size + " is outside [5, 500] for a system disk (migrator.limits.system-disk-gib)"));
	}

	@Test
	void anOutOfRangeSizeNamesTheSettingAndARaisedSettingTakesIt() {
		List<LineError> refused = this.validator.validate(line("disk_index", "2", "disk_size_gib", "1500")).errors();
		assertThat(refused).singleElement()
			.satisfies(error -> assertThat(error.message()).isEqualTo(
					"disk_size_gib 1500 is outside [5, 1000] for a data disk (migrator.limits.data-disk-gib)"));
		DiskLineValidator raised = new DiskLineValidator(InventoryHeader.parse("inv.csv", HEADER),
				ErrorCatalogue.english(), new DiskSizeLimits("5..500", "5..2048"));
		assertThat(raised.validate(line("disk_index", "2", "disk_size_gib", "1500")).errors()).isEmpty();
		assertThat(raised.validate(line("disk_index", "1", "disk_size_gib", "501")).errors()).isNotEmpty();
	}

	@Test
	void aLimitThatIsNoRangeNamesItsSetting() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new DiskSizeLimits("5..500", "lots"))
			.withMessage("migrator.limits.data-disk-gib=lots is not a range of whole GiB: write min..max, e.g. 5..2048");
	}

	@ParameterizedTest
	@CsvSource({ "1,5,", "1,500,", "1,4,InvalidImageSize", "1,501,InvalidImageSize", "2,1000,",
			"2,1001,InvalidImageSize", "17,5,", "2,4,InvalidImageSize", "1,40GB,InvalidImageSize",
			"1,40.5,InvalidImageSize" })
	void diskSizeRangeDependsOnSystemOrDataDisk(String index, String size, String code) {
		// the contract's ranges are the defaults of migrator.limits.*
		List<String> codes = codes(line("disk_index", index, "disk_size_gib", size));
		if (code == null) {
			assertThat(codes).isEmpty();
		}
		else {
			assertThat(codes).containsExactly(code);
		}
	}

	@Test
	void enumColumnsUseTheApiCodes() {
		assertThat(codes(line("architecture", "amd64"))).containsExactly("InvalidArchitecture.Malformed");
		assertThat(codes(line("os_type", "macos"))).containsExactly("InvalidOSType.Malformed");
		assertThat(codes(line("platform", "Ubuntu Linux"))).containsExactly("InvalidPlatform.Malformed");
		assertThat(codes(line("boot_mode", "legacy"))).containsExactly("Inventory.InvalidBootMode");
		assertThat(codes(line("license_type", "free"))).containsExactly("Inventory.InvalidLicenseType");
	}

	@ParameterizedTest
	@ValueSource(strings = { "CentOS", "Ubuntu", "SUSE", "OpenSUSE", "Debian", "CoreOS", "Aliyun",
			"Windows Server 2003", "Windows Server 2008", "Windows Server 2012", "Others Linux", "Customized Linux" })
	void acceptsEveryPlatformOfTheContract(String platform) {
		assertThat(codes(line("platform", platform))).isEmpty();
	}

	@Test
	void descriptionUpTo256CharactersWithoutUrlPrefix() {
		assertThat(codes(line("description", "说".repeat(256)))).isEmpty();
		assertThat(codes(line("description", "x".repeat(257)))).containsExactly("InvalidDescription.Malformed");
		assertThat(codes(line("description", "https://wiki/app"))).containsExactly("InvalidDescription.Malformed");
		assertThat(codes(line("description", "see https://wiki/app"))).isEmpty();
	}

	@Test
	void bucketAndObjectNamesAreChecked() {
		assertThat(this.validator.validate(line("oss_bucket", "oss://dc1-disks")).errors()).singleElement()
			.satisfies(error -> {
				assertThat(error.code()).isEqualTo("Inventory.InvalidOSSBucket");
				assertThat(error.hint()).contains("bucket name only");
			});
		assertThat(codes(line("oss_bucket", "Dc1_Disks"))).containsExactly("Inventory.InvalidOSSBucket");
		assertThat(codes(line("oss_object", "/wave1/a.raw"))).containsExactly("Inventory.InvalidOSSObject");
		assertThat(codes(line("oss_object", "w/" + "x".repeat(1022)))).containsExactly("Inventory.InvalidOSSObject");
	}

	@Test
	void tagsAreParsedAndNormalised() {
		StagedLine staged = this.validator.validate(line("tags", " env = prod ; app=shop;; "));
		assertThat(staged.errors()).isEmpty();
		assertThat(staged.value(InventoryColumn.TAGS)).isEqualTo("env=prod;app=shop");
	}

	@Test
	void tagRulesUseTheApiCodes() {
		assertThat(codes(line("tags", "acs:owner=me"))).containsExactly("InvalidTagKey.Malformed");
		assertThat(codes(line("tags", "aliyun-x=1"))).containsExactly("InvalidTagKey.Malformed");
		assertThat(codes(line("tags", "ecs-image-migrator:plan=x"))).containsExactly("InvalidTagKey.Malformed");
		assertThat(codes(line("tags", "novalue"))).containsExactly("InvalidTagKey.Malformed");
		assertThat(codes(line("tags", "=v"))).containsExactly("InvalidTagKey.Malformed");
		assertThat(codes(line("tags", "k" + "x".repeat(128) + "=v"))).containsExactly("InvalidTagKey.Malformed");
		assertThat(codes(line("tags", "k=" + "v".repeat(129)))).containsExactly("InvalidTagValue.Malformed");
		assertThat(codes(line("tags", "k=1;k=2"))).containsExactly("Inventory.DuplicateTagKey");
	}

	@Test
	void atMostNineteenUserTagsBecauseTheMigratorAddsOne() {
		String nineteen = String.join(";", java.util.stream.IntStream.range(0, 19).mapToObj(i -> "k" + i + "=v").toList());
		assertThat(codes(line("tags", nineteen))).isEmpty();
		assertThat(codes(line("tags", nineteen + ";k19=v"))).containsExactly("Inventory.TooManyTags");
	}

	@Test
	void reportsEveryErrorOfALineNotOnlyTheFirst() {
		StagedLine staged = this.validator.validate(line("image_name", "1bad", "region", "Hangzhou", "format", "vmdk",
				"disk_size_gib", "4", "architecture", "amd64", "tags", "acs:x=1"));
		assertThat(staged.errors()).extracting(LineError::code)
			.containsExactly("InvalidImageName.Malformed", "RegionId.NotFound", "InvalidFormat.Malformed",
					"InvalidImageSize", "InvalidArchitecture.Malformed", "InvalidTagKey.Malformed");
		assertThat(staged.errors()).extracting(LineError::columnNo).containsExactly(1, 2, 6, 7, 8, 14);
	}

	@Test
	void lineWithWrongFieldCountIsReportedAndStillChecked() {
		RawLine shortLine = RawLine.of(3, new String[] { "web-01", "cn-hangzhou", "1", "dc1-disks" });
		StagedLine staged = this.validator.validate(shortLine);
		assertThat(staged.errors()).extracting(LineError::code)
			.containsExactly("Inventory.FieldCount", "MissingParameter");
		assertThat(staged.errors().get(0).columnNo()).isNull();
	}

	@Test
	void unreadableLineIsStagedWithItsError() {
		StagedLine staged = this.validator.validate(RawLine.unreadable(9, "a quoted field is not closed"));
		assertThat(staged.errors()).extracting(LineError::code).containsExactly("Inventory.UnreadableLine");
		assertThat(staged.lineNo()).isEqualTo(9);
	}

	@Test
	void aSizeWithAPlusSignIsRefusedAndTheMessageSaysWhatToWrite() {
		assertThat(this.validator.validate(line("disk_size_gib", "+40")).errors()).singleElement()
			.satisfies(error -> {
				assertThat(error.code()).isEqualTo("InvalidImageSize");
				assertThat(error.message()).isEqualTo("disk_size_gib '+40' has a plus sign; write the number without it");
				assertThat(error.hint()).contains("without a sign");
			});
		// the cell is quoted and cut once, not repeated whole
		assertThat(this.validator.validate(line("disk_size_gib", "+" + "9".repeat(5000))).errors())
			.filteredOn(error -> error.code().equals("InvalidImageSize"))
			.singleElement()
			.satisfies(error -> assertThat(error.message()).hasSizeLessThan(200));
		assertThat(codes(line("disk_index", "+2"))).containsExactly("Inventory.InvalidDiskIndex");
		assertThat(codes(line("disk_size_gib", "40"))).isEmpty();
	}

	@Test
	void controlCharactersInANameAreNamedAndEscapedNotPrinted() {
		assertThat(nameError("web\n01")).isEqualTo("image name 'web\\n01' contains a line break (\\n)");
		assertThat(nameError("web\r\n01"))
			.isEqualTo("image name 'web\\r\\n01' contains a carriage return (\\r), a line break (\\n)");
		assertThat(nameError("web\t01")).isEqualTo("image name 'web\\t01' contains a tab (\\t)");
		assertThat(nameError("web\u0007x")).isEqualTo("image name 'web\\u0007x' contains the invisible character \\u0007");
		assertThat(nameError("web\u202Ex")).isEqualTo("image name 'web\\u202Ex' contains the invisible character \\u202E");
		assertThat(nameError("web 01")).isEqualTo("image name 'web 01' contains a space");
	}

	private String nameError(String name) {
		LineError error = this.validator.validate(line("image_name", name)).errors().get(0);
		assertThat(error.toString()).doesNotContainPattern("\\p{Cc}|\\p{Cf}");
		return error.message();
	}

	@Test
	void aValueOfMillionsOfCharactersIsQuotedCutAndItsRealLengthSaidByEveryMessage() {
		String name = "a".repeat(5_000_000);

		StagedLine staged = this.validator.validate(line("image_name", name));

		assertThat(staged.value(InventoryColumn.IMAGE_NAME)).hasSize(DiskLineValidator.MAX_VALUE_LENGTH);
		assertThat(staged.errors()).extracting(LineError::message).containsExactly(
				"the value has 5,000,000 characters; the ledger and the report keep its first 4,096",
				"image name '" + "a".repeat(Quoted.SHOWN) + "…' has 5,000,000 characters; 2 to 128 are allowed");
		assertThat(staged.errors()).allSatisfy(error -> assertThat(error.toString()).hasSizeLessThan(200));
	}

	@Test
	void overlongValueIsCutAndReported() {
		StagedLine staged = this.validator.validate(line("description", "x".repeat(10_000)));
		assertThat(staged.value(InventoryColumn.DESCRIPTION)).hasSize(DiskLineValidator.MAX_VALUE_LENGTH);
		assertThat(staged.errors()).extracting(LineError::code)
			.contains("Inventory.ValueTooLong", "InvalidDescription.Malformed");
	}

	@Test
	void overlongTagsAreCheckedUpToTheLastWholeEntryBeforeTheCut() {
		// the cut at 4,096 falls inside "key=value": checked whole, it must not become a tag 'key'
		String tags = "k=" + "v".repeat(4090) + ";key=value";
		StagedLine staged = this.validator.validate(line("tags", tags));
		assertThat(staged.errors()).extracting(LineError::code).contains("Inventory.ValueTooLong");
		assertThat(staged.errors()).extracting(LineError::message).noneMatch(message -> message.contains("'key'"));
		assertThat(staged.value(InventoryColumn.TAGS)).isEqualTo("k=" + "v".repeat(4090));
	}

	@Test
	void linesOfOneImageShareAGroupKeyAndNamelessLinesStandAlone() {
		StagedLine a = this.validator.validate(line("disk_index", "1"));
		StagedLine b = this.validator.validate(line("disk_index", "2", "region", "CN-HANGZHOU"));
		StagedLine other = this.validator.validate(line("image_name", "web-02"));
		assertThat(a.groupKey()).isEqualTo(b.groupKey()).isNotEqualTo(other.groupKey());
		StagedLine nameless1 = this.validator.validate(RawLine.of(3, line("image_name", "").fields()));
		StagedLine nameless2 = this.validator.validate(RawLine.of(4, line("image_name", "").fields()));
		assertThat(nameless1.groupKey()).isNotEqualTo(nameless2.groupKey());
	}

	@ParameterizedTest
	@ValueSource(strings = { "AliyunECSImageImportDefaultRole", "ImageImportRole-Finance", "a", "import.role-2" })
	void acceptsRamRoleNames(String role) {
		assertThat(codes(line("role_name", role))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "import_role", "import role", "acs:ram::1:role/importer", "角色",
			"a1234567890123456789012345678901234567890123456789012345678901234" })
	void rejectsWhatRamWouldNotTakeAsARoleName(String role) {
		List<LineError> errors = this.validator.validate(line("role_name", role)).errors();
		assertThat(errors).singleElement().satisfies(e -> {
			assertThat(e.code()).isEqualTo(ErrorCodes.ROLE_NAME);
			assertThat(e.columnNo()).isEqualTo(InventoryColumn.ROLE_NAME.ordinal() + 1);
			assertThat(e.column()).isEqualTo("role_name");
			assertThat(e.message()).contains(Quoted.of(role), "1 to 64");
			assertThat(e.hint()).contains("migrator.import.role-name");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "rg-aek2abc3def4gh", "rg-bp67acfmxazb4p", "rg-acfmxazb4ph6aiy" })
	void acceptsResourceGroupIds(String id) {
		assertThat(codes(line("resource_group_id", id))).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "finance|not its name", "Finance Team|not its name", "rg-|rg-aek2",
			"rg-abc_def|rg-aek2", "rf-asdf|not its name" })
	void rejectsWhatIsNoResourceGroupId(String id, String hint) {
		List<LineError> errors = this.validator.validate(line("resource_group_id", id)).errors();
		assertThat(errors).singleElement().satisfies(e -> {
			assertThat(e.code()).isEqualTo(ErrorCodes.RESOURCE_GROUP_ID);
			assertThat(e.columnNo()).isEqualTo(InventoryColumn.RESOURCE_GROUP_ID.ordinal() + 1);
			assertThat(e.column()).isEqualTo("resource_group_id");
			assertThat(e.message()).contains(id, "rg-");
			assertThat(e.hint()).contains(hint);
		});
	}

}
