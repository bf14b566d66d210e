package io.ecsmigrator.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.opencsv.CSVReader;
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
 * report.
 */
class ImportRoleSettingTests {

	@TempDir
	Path dir;

	private record Result(int exit, String out, String err) {
	}

	private Result run(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--migrator.data-dir=" + this.dir.resolve("data"));
		all.add("--spring.datasource.url=jdbc:h2:file:" + this.dir.resolve("data/ledger") + TestDatabases.H2_OPTIONS);
		all.add("--migrator.track.poll-interval=300ms");
		PrintStream out = System.out;
		PrintStream err = System.err;
		ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
		ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
		try {
			System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
			System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
			int exit = MigratorCli.run(all.toArray(String[]::new));
			return new Result(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
	}

	@Test
	void aRunStoppedForTheDefaultRoleContinuesWithTheAccountsOwnRoleAndGroup() throws Exception {
		Path scenario = Scenarios.sampleWave().importSeconds(1).noImportRole().writeTo(this.dir.resolve("own-role.yaml"));
		Path report = this.dir.resolve("report.csv");
		String[] command = { "import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString(),
				"--report", report.toString(), "--wait" };

		Result stopped = run(command);
		assertThat(stopped.exit()).as(stopped.out() + stopped.err()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(stopped.err()).contains("AliyunECSImageImportDefaultRole does not exist");

		List<String> again = new ArrayList<>(List.of(command));
		again.add("--migrator.import.role-name=ImageImportRole-Finance");
		again.add("--migrator.import.resource-group-id=rg-finance01");
		Result done = run(again.toArray(String[]::new));
		assertThat(done.exit()).as(done.out() + done.err()).isEqualTo(ExitCodes.OK);

		List<String[]> rows;
		try (CSVReader reader = new CSVReader(Files.newBufferedReader(report))) {
			rows = reader.readAll();
		}
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
