package io.ecsmigrator.inventory;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImagePlannerTests {

	private static final String[] HEADER = { "image_name", "region", "disk_index", "oss_bucket", "oss_object",
			"disk_size_gib", "architecture", "platform", "boot_mode", "tags" };

	private final InventoryHeader header = InventoryHeader.parse("inv.csv", HEADER);

	private final DiskLineValidator validator = new DiskLineValidator(this.header, ErrorCatalogue.english());

	private final ImagePlanner planner = new ImagePlanner(ErrorCatalogue.english());

	private int nextLine = 2;

	/** A disk line of image "db-01": index, then optional size, architecture, platform, boot mode, tags. */
	private StagedLine disk(String index, String... rest) {
		String[] fields = new String[HEADER.length];
		String[] given = { "db-01", "cn-hangzhou", index, "dc1-disks", "db-01-" + index + ".raw" };
		for (int i = 0; i < fields.length; i++) {
			fields[i] = (i < given.length) ? given[i] : (i - given.length < rest.length) ? rest[i - given.length] : "";
		}
		return this.validator.validate(RawLine.of(this.nextLine++, fields));
	}

	private PlannedImage plan(StagedLine... lines) {
		return this.planner.plan(List.of(lines), this.header);
	}

	private static List<String> codes(PlannedImage image) {
		return image.errors().stream().map(LineError::code).toList();
	}

	@Test
	void multiDiskImageIsPlannedWithDisksInIndexOrder() {
		PlannedImage image = plan(disk("3", "100"), disk("1", "40", "x86_64", "CentOS", "", "env=prod"),
				disk("2", "200"));
		assertThat(image.valid()).isTrue();
		assertThat(image.firstLine()).isEqualTo(2);
		assertThat(image.lines()).isEqualTo("2-4");
		assertThat(image.diskCount()).isEqualTo(3);
		assertThat(image.disks()).extracting(PlannedDisk::diskIndex).containsExactly(1, 2, 3);
		assertThat(image.disks()).extracting(PlannedDisk::diskSizeGib).containsExactly(40, 200, 100);
		assertThat(image.attribute(InventoryColumn.PLATFORM)).isEqualTo("CentOS");
		assertThat(image.attribute(InventoryColumn.TAGS)).isEqualTo("env=prod");
	}

	@Test
	void twoSystemDisksUnderOneNameAreADuplicatedImageName() {
		PlannedImage image = plan(disk("1"), disk("1"));
		assertThat(codes(image)).containsExactly("InvalidImageName.Duplicated");
		assertThat(image.errors().get(0).message()).contains("lines 2-3");
		assertThat(image.errors().get(0).lineNo()).isEqualTo(3);
		assertThat(image.disks()).isEmpty();
	}

	@Test
	void aDataDiskIndexGivenTwiceIsReported() {
		assertThat(codes(plan(disk("1"), disk("2"), disk("2")))).containsExactly("Inventory.DuplicateDiskIndex");
	}

	@Test
	void anImageNeedsASystemDisk() {
		assertThat(codes(plan(disk("2"), disk("3")))).containsExactly("Inventory.MissingSystemDisk");
	}

	@Test
	void atMostSeventeenDisks() {
		List<StagedLine> lines = new ArrayList<>();
		for (int i = 1; i <= 17; i++) {
			lines.add(disk(Integer.toString(i)));
		}
		assertThat(this.planner.plan(lines, this.header).valid()).isTrue();
		lines.add(disk("17"));
		assertThat(codes(this.planner.plan(lines, this.header))).contains("Inventory.TooManyDisks");
	}

	@Test
	void imageFieldsThatDisagreeBetweenDiskLinesAreReported() {
		PlannedImage image = plan(disk("1", "", "x86_64", "CentOS"), disk("2", "", "", "Ubuntu"));
		assertThat(codes(image)).containsExactly("Inventory.InconsistentImageFields");
		assertThat(image.errors().get(0).message()).contains("platform", "'CentOS' on line 2", "'Ubuntu' on line 3");
		assertThat(image.errors().get(0).columnNo()).isEqualTo(8);
	}

	@Test
	void dataDiskLinesMayLeaveImageFieldsEmpty() {
		PlannedImage image = plan(disk("1", "", "x86_64", "CentOS", "", "a=1"), disk("2"));
		assertThat(image.valid()).isTrue();
		assertThat(image.attribute(InventoryColumn.ARCHITECTURE)).isEqualTo("x86_64");
	}

	@Test
	void arm64RequiresUefiBootMode() {
		assertThat(codes(plan(disk("1", "", "arm64", "", "BIOS")))).containsExactly("Inventory.Arm64RequiresUefi");
		assertThat(codes(plan(disk("1", "", "arm64")))).containsExactly("Inventory.Arm64RequiresUefi");
		assertThat(plan(disk("1", "", "arm64", "", "UEFI")).valid()).isTrue();
	}

	@Test
	void lineErrorsMakeTheImageInvalidAndComeFirst() {
		PlannedImage image = plan(disk("1", "4"), disk("1"));
		assertThat(codes(image)).containsExactly("InvalidImageSize");
		assertThat(image.valid()).isFalse();
	}

	@Test
	void lineRangesAreCompact() {
		assertThat(LineRanges.of(List.of(2, 3, 4, 9, 11, 12))).isEqualTo("2-4;9;11-12");
		assertThat(LineRanges.of(List.of(5))).isEqualTo("5");
	}

}
