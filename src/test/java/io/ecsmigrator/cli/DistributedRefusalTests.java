package io.ecsmigrator.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.ecsmigrator.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the distributed mode refuses before any context starts (exit 2, the reason and what to
 * set), and that without {@code --workers} nothing of it runs: no connection to RabbitMQ at all.
 */
class DistributedRefusalTests {

	@TempDir
	Path dir;

	private MigratorCliTests.Result run(String... args) {
		String[] all = java.util.stream.Stream
			.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--migrator.data-dir=" + this.dir))
			.toArray(String[]::new);
		return MigratorCliTests.runCli(all);
	}

	@Test
	void importWithWorkersOnTheEmbeddedLedgerExitsTwoAndSaysToSetPostgres() {
		MigratorCliTests.Result result = run("import", "--inventory", "jobs/sample/inventory.csv", "--workers");
		assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("import --workers needs the PostgreSQL ledger",
				"--spring.datasource.url=jdbc:postgresql://");
		assertThat(result.all()).doesNotContain("\tat ");
		assertThat(this.dir.resolve("ledger.mv.db")).doesNotExist();
	}

	@Test
	void aWorkerOnTheEmbeddedLedgerExitsTwoAndSaysToSetPostgres() {
		MigratorCliTests.Result result = run("worker");
		assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("worker needs the PostgreSQL ledger that the manager and its workers share",
				"--spring.datasource.url=jdbc:postgresql://");
		assertThat(result.all()).doesNotContain("\tat ");
		assertThat(this.dir.resolve("ledger.mv.db")).doesNotExist();
	}

	/** A worker never upgrades the ledger it shares: on an older schema it says so and exits 2. */
	@Test
	void aWorkerOnALedgerOfAnOlderSchemaExitsTwoWithoutUpgradingIt() throws Exception {
		TestDatabases.assumePostgres();
		String url = TestDatabases.newPostgresSchema();
		Flyway.configure()
			.dataSource(url, TestDatabases.postgresUser(), "")
			.locations("classpath:db/migration")
			.target("6")
			.load()
			.migrate();
		MigratorCliTests.Result result = run("worker", "--spring.datasource.url=" + url,
				"--spring.datasource.username=" + TestDatabases.postgresUser());
		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.USAGE);
		// the newest migration this build has: what the worker needs
		MigrationInfo[] pending = Flyway.configure()
			.locations("classpath:db/migration")
			.dataSource(url, TestDatabases.postgresUser(), "")
			.load()
			.info()
			.pending();
		String latest = pending[pending.length - 1].getVersion().getVersion();
		assertThat(result.err()).contains("the ledger is at schema version 6 and this worker's migrator needs version "
				+ latest, "workers never upgrade the ledger they share");
		assertThat(result.all()).doesNotContain("\tat ");
		try (Connection connection = DriverManager.getConnection(url, TestDatabases.postgresUser(), "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM flyway_schema_history")) {
			rs.next();
			assertThat(rs.getString(1)).as("the ledger's schema after the worker").isEqualTo("6");
		}
	}

	@Test
	void aWorkerWithoutConcurrencyExitsTwo() {
		MigratorCliTests.Result result = run("worker", "--concurrency", "0");
		assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("--concurrency 0: give 1 to 64 partitions at once");
	}

	@Test
	void importWithWorkersOnAnH2UrlExitsTwo() {
		MigratorCliTests.Result result = run("import", "--inventory", "jobs/sample/inventory.csv", "--workers",
				"--spring.datasource.url=" + TestDatabases.h2MemoryUrl());
		assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("H2, which one process opens at a time");
	}

	@Test
	void importWithWorkersAndSandboxExitsTwoAndSaysWhy() {
		MigratorCliTests.Result result = run("import", "--inventory", "jobs/sample/inventory.csv", "--workers",
				"--sandbox", "jobs/sandbox/sample-wave.yaml",
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test");
		assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("cannot run with --sandbox: the sandbox lives in this process",
				"run the 'sandbox' command on its own");
	}

	/**
	 * RabbitMQ's address is a socket of the test that counts who connects: a local import must not,
	 * even though the AMQP libraries are on the classpath.
	 */
	@Test
	void importWithoutWorkersNeverConnectsToRabbitMq() throws Exception {
		AtomicInteger connections = new AtomicInteger();
		try (ServerSocket broker = new ServerSocket(0)) {
			Thread acceptor = new Thread(() -> {
				while (!broker.isClosed()) {
					try (Socket socket = broker.accept()) {
						connections.incrementAndGet();
					}
					catch (IOException ex) {
						return;
					}
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			MigratorCliTests.Result result = run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox",
					"jobs/sandbox/sample-wave.yaml", "--wait", "--migrator.track.poll-interval=200ms",
					"--spring.rabbitmq.host=127.0.0.1", "--spring.rabbitmq.port=" + broker.getLocalPort());
			assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.OK);
		}
		assertThat(connections).as("connections to the RabbitMQ address").hasValue(0);
	}

}
