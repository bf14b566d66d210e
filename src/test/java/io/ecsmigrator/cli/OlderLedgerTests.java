package io.ecsmigrator.cli;

import java.nio.file.Path;
import java.util.List;

import io.ecsmigrator.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code status}, {@code report} and {@code cancel} read a ledger of an older schema version without
 * upgrading it: they say that an {@code import} or {@code validate} will; those two upgrade it.
 */
class OlderLedgerTests {

	private static final String OLDER = "3";

	@TempDir
	Path dir;

	@Test
	void readingCommandsLeaveAnOlderLedgerAsItIsAndSayWhatUpgradesIt() {
		String url = "jdbc:h2:file:" + this.dir.resolve("data/ledger") + TestDatabases.H2_OPTIONS;
		Flyway older = Flyway.configure()
			.dataSource(url, "", "")
			.locations("classpath:db/migration")
			.target(OLDER)
			.load();
		older.migrate();
		MigrationInfo[] pending = Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").load()
			.info().pending();
		String latest = pending[pending.length - 1].getVersion().toString();
		assertThat(latest).as("the test needs a migration after " + OLDER).isNotEqualTo(OLDER);

		for (List<String> command : List.of(List.of("status"), List.of("report"), List.of("cancel", "--run", "1"))) {
			MigratorCliTests.Result result = run(url, command.toArray(String[]::new));
			assertThat(result.exit()).as(command + ": " + result.all()).isEqualTo(ExitCodes.USAGE);
			assertThat(result.err()).as(command.toString())
				.contains("the ledger is at schema version " + OLDER, "needs version " + latest, "an 'import' or 'validate' upgrades it")
				.doesNotContain("Exception", "\tat ");
			assertThat(older.info().current().getVersion().toString()).as("%s left the schema as it was", command)
				.isEqualTo(OLDER);
		}

		assertThat(run(url, "validate", "--inventory", "jobs/sample/inventory.csv").exit()).isZero();
		assertThat(older.info().pending()).as("validate upgraded it").isEmpty();
		MigratorCliTests.Result status = run(url, "status");
		assertThat(status.exit()).as(status.all()).isZero();
		assertThat(status.out()).contains("validate", "COMPLETED");
	}

	private MigratorCliTests.Result run(String url, String... command) {
		String[] args = new String[command.length + 2];
		System.arraycopy(command, 0, args, 0, command.length);
		args[command.length] = "--spring.datasource.url=" + url;
		args[command.length + 1] = "--migrator.data-dir=" + this.dir.resolve("data");
		return MigratorCliTests.runCli(args);
	}

}
