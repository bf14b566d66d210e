package io.ecsmigrator.cli;

import java.nio.file.Path;
import java.time.Duration;

import io.ecsmigrator.distributed.PartitionLeaseRepository;
import io.ecsmigrator.distributed.WorkerIdentity;
import io.ecsmigrator.distributed.WorkerRegistry;
import io.ecsmigrator.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code status} on a shared ledger shows the workers at work and where each partition runs. */
class DistributedStatusTests {

	@TempDir
	Path dir;

	@Test
	void statusShowsTheWorkersSeenAndThePartitionsTheyRun() {
		TestDatabases.assumePostgres();
		String url = TestDatabases.newPostgresSchema();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url, TestDatabases.postgresUser(), "");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		WorkerRegistry workers = new WorkerRegistry(jdbc);
		PartitionLeaseRepository leases = new PartitionLeaseRepository(jdbc);
		WorkerIdentity busy = new WorkerIdentity("host-a/4242/0badcafe", "host-a", 4242);
		WorkerIdentity gone = new WorkerIdentity("host-b/77/deadbeef", "host-b", 77);
		workers.register(busy, "0.1.0", 2);
		workers.register(gone, "0.1.0", 4);
		workers.stopped(gone.id());
		leases.queue(31, 5, 3, "preflightPartition:partition3", null);
		leases.claim(31, busy.id(), Duration.ofSeconds(30));

		MigratorCliTests.Result result = MigratorCliTests.runCli("status", "--spring.datasource.url=" + url,
				"--spring.datasource.username=" + TestDatabases.postgresUser(), "--migrator.data-dir=" + this.dir);
		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.OK);
		assertThat(result.out()).contains("Workers seen in the last 60 s:",
				"host-a/4242/0badcafe: host host-a, pid 4242, migrator 0.1.0, 1 of 2 partition(s) in hand, last heartbeat",
				"host-b/77/deadbeef: host host-b, pid 77, migrator 0.1.0, 0 of 4 partition(s) in hand", ", stopped ",
				"Partitions running:", "run 3 preflightPartition:partition3 on host-a/4242/0badcafe since");
	}

	@Test
	void statusOnTheEmbeddedLedgerSaysNothingOfWorkers() {
		String url = TestDatabases.h2MemoryUrl();
		String dataDir = "--migrator.data-dir=" + this.dir;
		assertThat(MigratorCliTests.runCli("validate", "--inventory", "jobs/sample/inventory.csv",
				"--spring.datasource.url=" + url, dataDir).exit()).isZero();
		MigratorCliTests.Result result = MigratorCliTests.runCli("status", "--spring.datasource.url=" + url, dataDir);
		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.OK);
		assertThat(result.out()).contains("PLANNED").doesNotContain("Workers");
	}

}
