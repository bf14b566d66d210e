package io.ecsmigrator.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import io.ecsmigrator.support.Reports;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import role and resource group as settings, from the command line: in an account without
 * {@code AliyunECSImageImportDefaultRole} the run stops before any import (exit 3); the same command
 * with {@code migrator.import.role-name} naming the account's own role (and a resource group)
 * continues the same run, imports every image with that role into that group, and says so in the
 * report; a later {@code report} without the settings still shows what was sent.
 */
class ImportRoleSettingTests {

	@TempDir
	Path dir;

	private MigratorCliTests.Result run(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--migrator.data-dir=" + this.dir.resolve("data"));
		all.add("--spring.datasource.url=jdbc:h2:file:" + this.dir.resolve("data/ledger") + TestDatabases.H2_OPTIONS);
		all.add("--migrator.track.poll-interval=300ms");
		return MigratorCliTests.runCli(all.toArray(String[]::new));
	}

	@Test
	void aRunStoppedForTheDefaultRoleContinuesWithTheAccountsOwnRoleAndGroup() throws Exception {
		Path scenario = Scenarios.sampleWave().importSeconds(1).noImportRole().writeTo(this.dir.resolve("own-role.yaml"));
		Path report = this.dir.resolve("report.csv");
		String[] command = { "import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString(),
				"--report", report.toString(), "--wait" };

		MigratorCliTests.Result stopped = run(command);
		assertThat(stopped.exit()).as(stopped.all()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(stopped.err()).contains("AliyunECSImageImportDefaultRole does not exist");

		List<String> again = new ArrayList<>(List.of(command));
		again.add("--migrator.import.role-name=ImageImportRole-Finance");
		again.add("--migrator.import.resource-group-id=rg-finance01");
		MigratorCliTests.Result done = run(again.toArray(String[]::new));
		assertThat(done.exit()).as(done.all()).isEqualTo(ExitCodes.OK);
		assertSentWithTheFinanceRoleAndGroup(report);

		// a later report without the settings shows what the imports carried, not the default role
		Path later = this.dir.resolve("later.csv");
		MigratorCliTests.Result reported = run("report", "--out", later.toString());
		assertThat(reported.exit()).as(reported.all()).isEqualTo(ExitCodes.OK);
		assertSentWithTheFinanceRoleAndGroup(later);
	}

	@Test
	void anInventoryOfInvalidImagesEndsOnItsImagesNotOnTheMissingDefaultRole() throws Exception {
		Path scenario = Scenarios.sampleWave().noImportRole().writeTo(this.dir.resolve("no-role.yaml"));
		Path inventory = Files.writeString(this.dir.resolve("invalid.csv"), """
				image_name,region,oss_bucket,oss_object
				web-01,Hangzhou,dc1-disks-hz,wave1/web-01-sys.qcow2
				""", StandardCharsets.UTF_8);

		MigratorCliTests.Result result = run("import", "--inventory", inventory.toString(), "--sandbox",
				scenario.toString(), "--wait");

		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.IMAGES_FAILED);
		assertThat(result.all()).contains("RegionId.NotFound").doesNotContain("AliyunECSImageImportDefaultRole");
	}

	@Test
	void aLaterLaunchChecksAChangedRunWideRoleBeforeSendingTheImagesLeft() throws Exception {
		// cn-hangzhou holds 10 images already and takes no more: its images are deferred
		Path scenario = Scenarios.sampleWave().importSeconds(1).region("cn-hangzhou").imageQuota(10)
			.writeTo(this.dir.resolve("full.yaml"));
		String[] command = { "import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString(),
				"--wait" };
		MigratorCliTests.Result deferred = run(command);
		assertThat(deferred.exit()).as(deferred.all()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(deferred.out()).contains("DEFERRED");

		List<String> again = new ArrayList<>(List.of(command));
		again.add("--migrator.import.role-name=RetiredImporter");
		MigratorCliTests.Result stopped = run(again.toArray(String[]::new));

		assertThat(stopped.exit()).as(stopped.all()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(stopped.err()).as("RAM was asked before any ImportImage").contains("RetiredImporter does not exist");
		assertThat(count("SELECT COUNT(*) FROM cloud_call WHERE action = 'ImportImage' "
				+ "AND error_code LIKE 'NoSetRole%'")).isZero();
	}

	private long count(String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + this.dir.resolve("data/ledger")
				+ TestDatabases.H2_OPTIONS, "", ""); ResultSet rs = connection.createStatement().executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static void assertSentWithTheFinanceRoleAndGroup(Path report) throws Exception {
		List<String[]> rows = Reports.read(report);
		List<String> header = List.of(rows.get(0));
		int status = header.indexOf("status");
		int role = header.indexOf("role_name");
		int group = header.indexOf("resource_group_id");
		assertThat(rows.subList(1, rows.size())).hasSize(6).allSatisfy(row -> {
			assertThat(row[status]).isEqualTo("AVAILABLE");
			assertThat(row[role]).isEqualTo("ImageImportRole-Finance");
			assertThat(row[group]).isEqualTo("rg-finance01");
		});
	}

}
