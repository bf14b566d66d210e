package io.ecsmigrator.inventory;

import java.util.List;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The import role and resource group: the inventory's per image, the settings for the rest. */
class ImportDefaultsTests {

	private static final String[] HEADER = { "image_name", "region", "disk_index", "oss_bucket", "oss_object",
			"role_name", "resource_group_id" };

	private final InventoryHeader header = InventoryHeader.parse("inv.csv", HEADER);

	private final DiskLineValidator validator = new DiskLineValidator(this.header, ErrorCatalogue.english());

	private int nextLine = 2;

	private StagedLine disk(String index, String role, String group) {
		return this.validator.validate(RawLine.of(this.nextLine++,
				new String[] { "db-01", "cn-hangzhou", index, "dc1-disks", "db-01-" + index + ".raw", role, group }));
	}

	private PlannedImage plan(StagedLine... lines) {
		return new ImagePlanner(ErrorCatalogue.english()).plan(List.of(lines), this.header);
	}

	@Test
	void anImageWithoutRoleOrGroupLeavesThemToTheSettings() {
		PlannedImage image = plan(disk("1", "", ""));
		assertThat(image.valid()).isTrue();
		assertThat(image.attribute(InventoryColumn.ROLE_NAME)).isNull();
		assertThat(image.attribute(InventoryColumn.RESOURCE_GROUP_ID)).isNull();
	}

	@Test
	void theSystemDiskLinesValuesAreTheImages() {
		PlannedImage image = plan(disk("1", "FinanceImporter", "rg-finance01"), disk("2", "", ""));
		assertThat(image.valid()).isTrue();
		assertThat(image.attribute(InventoryColumn.ROLE_NAME)).isEqualTo("FinanceImporter");
		assertThat(image.attribute(InventoryColumn.RESOURCE_GROUP_ID)).isEqualTo("rg-finance01");
	}

	@Test
	void dataDiskLinesThatGiveAnotherRoleOrGroupDisagree() {
		PlannedImage image = plan(disk("1", "FinanceImporter", "rg-finance01"), disk("2", "OtherImporter", "rg-other02"));
		assertThat(image.errors()).extracting(LineError::code)
			.containsExactly(ErrorCodes.INCONSISTENT_IMAGE, ErrorCodes.INCONSISTENT_IMAGE);
		assertThat(image.errors()).extracting(LineError::column).containsExactly("role_name", "resource_group_id");
		assertThat(image.errors().get(0).message()).contains("'FinanceImporter' on line 2", "'OtherImporter' on line 3");
	}

	@Test
	void settingsThatRamOrResourceManagementWouldRefuseStopTheStartWithTheirName() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ImportDefaults("my role", ""))
			.withMessageContaining("migrator.import.role-name='my role'");
		assertThatIllegalArgumentException().isThrownBy(() -> new ImportDefaults(null, "finance"))
			.withMessageContaining("migrator.import.resource-group-id='finance'", "rg-");
		// quoted, escaped and cut like every value in a message: one line, whatever the environment held
		assertThatIllegalArgumentException().isThrownBy(() -> new ImportDefaults("ops\nrole" + "x".repeat(5000), ""))
			.satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n").hasSizeLessThan(300));
		assertThat(new ImportDefaults(" ", " ")).isEqualTo(ImportDefaults.NONE);
	}

}
