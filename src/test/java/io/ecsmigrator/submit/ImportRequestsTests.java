package io.ecsmigrator.submit;

import java.util.List;

import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import io.ecsmigrator.ledger.ImageRow;
import io.ecsmigrator.ledger.ImageStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImportRequestsTests {

	@Test
	void carriesTheInventorysTagsAndThePlanTag() {
		List<ImportImageRequest.Tag> tags = ImportRequests.tags("env=prod; app = shop;;owner=", "wave1.csv");
		assertThat(tags).extracting(ImportImageRequest.Tag::getKey)
			.containsExactly("env", "app", "owner", "ecs-image-migrator:plan");
		assertThat(tags).extracting(ImportImageRequest.Tag::getValue).containsExactly("prod", "shop", "", "wave1.csv");
		assertThat(ImportRequests.tags(null, "w.csv")).hasSize(1);
	}

	@Test
	void putsEveryDiskAndAttributeOnTheWireInOnePass() {
		ImageRow image = new ImageRow(1, 2, "cn-hangzhou", "db-01", ImageStatus.VERIFIED, "x86_64", "linux", "CentOS",
				"Orders", "BIOS", "BYOL", "env=prod", null,
				List.of(new ImageRow.Disk(2, 1, "b", "sys.raw", "RAW", 60), new ImageRow.Disk(3, 2, "b", "d.raw", null, null)));
		ImportImageRequest request = ImportRequests.of(image, "wave.csv");
		java.util.Map<String, String> wire = new java.util.HashMap<>(request.getSysQueryParameters());
		assertThat(wire).containsEntry("ImageName", "db-01")
			.containsEntry("Platform", "CentOS")
			.containsEntry("LicenseType", "BYOL")
			.containsEntry("DiskDeviceMapping.1.OSSObject", "sys.raw")
			.containsEntry("DiskDeviceMapping.1.DiskImageSize", "60")
			.containsEntry("DiskDeviceMapping.2.OSSObject", "d.raw")
			.doesNotContainKey("DiskDeviceMapping.2.DiskImageSize")
			.doesNotContainKey("DiskDeviceMapping.2.Format")
			.containsEntry("Tag.2.Key", "ecs-image-migrator:plan")
			.containsEntry("Tag.2.Value", "wave.csv")
			.doesNotContainKey("RoleName")
			.doesNotContainKey("ResourceGroupId");
	}

	@Test
	void namesACustomRoleAndAResourceGroupButLeavesTheDefaultRoleOut() {
		java.util.Map<String, String> wire = wire("ImageImporter", "rg-aek2abc3def4gh");
		assertThat(wire).containsEntry("RoleName", "ImageImporter").containsEntry("ResourceGroupId", "rg-aek2abc3def4gh");
		assertThat(wire("AliyunECSImageImportDefaultRole", null)).as("what ECS uses when the request names none")
			.doesNotContainKey("RoleName")
			.doesNotContainKey("ResourceGroupId");
		assertThat(wire(null, "rg-finance01")).doesNotContainKey("RoleName").containsEntry("ResourceGroupId", "rg-finance01");
	}

	private static java.util.Map<String, String> wire(String role, String group) {
		ImageRow image = new ImageRow(1, 2, "cn-hangzhou", "web-01", ImageStatus.VERIFIED, null, null, null, null, null,
				null, null, null, List.of(new ImageRow.Disk(2, 1, "b", "sys.qcow2", null, null)), role, false, group);
		return ImportRequests.of(image, "wave.csv").getSysQueryParameters();
	}

}
