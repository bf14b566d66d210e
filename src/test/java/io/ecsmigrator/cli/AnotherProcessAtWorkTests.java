package io.ecsmigrator.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ecsmigrator.inventory.InventoryFile;
import io.ecsmigrator.inventory.InventoryFileInspector;
import io.ecsmigrator.job.RunLock;
import io.ecsmigrator.job.ValidateJobConfiguration;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.support.MigratorProcess;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command refused because another migrator process is at work stops with exit 3 ("run the same
 * command again later"), names the other process, and never shows H2's own words.
 */
class AnotherProcessAtWorkTests {

	@TempDir
	Path dir;

	@Test
	void whileAnImportHoldsTheEmbeddedLedgerStatusAndImportSaySoAndExitThree() throws Exception {
		Path data = this.dir.resolve("data");
		MigratorProcess.Ledger ledger = new MigratorProcess.Ledger(
				"jdbc:h2:file:" + data.resolve("ledger") + TestDatabases.H2_OPTIONS, "");
		Path inventory = Path.of("jobs/sample/inventory.csv");
		try (SandboxServer sandbox = SandboxServer.start(Scenarios.sampleWave().importSeconds(3600).build(), 0)) {
			MigratorProcess importing = MigratorProcess.importing(sandbox, inventory, ledger, data,
					this.dir.resolve("import.out"));
			try {
				assertThat(importing.awaitWhileAlive(() -> importing.output().contains("submit: "),
						Duration.ofMinutes(2)))
					.as("the import reached submit:\n%s", importing.output())
					.isTrue();
				for (List<String> command : List.of(List.of("status"), List.of("report"),
						List.of("import", "--inventory", inventory.toString()))) {
					List<String> args = new ArrayList<>(command);
					args.addAll(List.of("--migrator.data-dir=" + data, "--spring.datasource.url=" + ledger.url()));
					MigratorCliTests.Result result = MigratorCliTests.runCli(args.toArray(String[]::new));
					assertThat(result.exit()).as(command + ": " + result.all())
						.isEqualTo(ExitCodes.DEFERRED);
					assertThat(result.err()).as(command.toString())
						.contains("is in use by another migrator process: an import is running in this folder",
								"ledger.mv.db", "the running import's own output", "PostgreSQL")
						.doesNotContain("90020", "server mode", "Exception");
					assertThat(result.out()).as(command.toString()).isEmpty();
				}
			}
			finally {
				importing.kill();
			}
		}
	}

	@Test
	void aRunThatAnotherProcessRunsOnPostgresIsRefusedWithExitThreeNamingIt() throws Exception {
		TestDatabases.assumePostgres();
		String url = TestDatabases.newPostgresSchema();
		InventoryFile file = new InventoryFileInspector().inspect(Path.of("jobs/sample/inventory.csv"));
		RunLock other = new RunLock(new DriverManagerDataSource(url, TestDatabases.postgresUser(), ""));
		try (RunLock.Held held = other.acquire(ValidateJobConfiguration.JOB, file.path().toString(), file.sha256())) {
			MigratorCliTests.Result result = MigratorCliTests.runCli("validate", "--inventory",
					"jobs/sample/inventory.csv", "--spring.datasource.url=" + url,
					"--spring.datasource.username=" + TestDatabases.postgresUser(),
					"--migrator.data-dir=" + this.dir.resolve("data"));
			assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.DEFERRED);
			assertThat(result.err()).contains("another migrator process is running validate on",
					"ecs-image-migrator pid " + ProcessHandle.current().pid() + " on ",
					"run the same command again once it has ended")
				.doesNotContain("Exception");
		}
	}

}
