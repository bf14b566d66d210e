package io.ecsmigrator.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.ecsmigrator.distributed.PartitionLeaseRepository;
import io.ecsmigrator.distributed.WorkerIdentity;
import io.ecsmigrator.distributed.WorkerRegistry;
import io.ecsmigrator.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code status} (and {@code --json}) on a shared ledger shows the workers at work and where each partition runs. */
class DistributedStatusTests {

	@TempDir
	Path dir;

	/**
	 * A shared ledger where worker host-a holds a partition of run 3 and worker host-b has stopped.
	 *
	 * @return the options of a command on it
	 */
	private String[] ledgerWithWorkers() {
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
		return new String[] { "--spring.datasource.url=" + url,
				"--spring.datasource.username=" + TestDatabases.postgresUser(), "--migrator.data-dir=" + this.dir };
	}

	private static MigratorCliTests.Result status(String... arguments) {
		List<String> command = new ArrayList<>(List.of("status"));
		command.addAll(List.of(arguments));
		return MigratorCliTests.runCli(command.toArray(String[]::new));
	}

	@Test
	void statusShowsTheWorkersSeenAndThePartitionsTheyRun() {
		MigratorCliTests.Result result = status(ledgerWithWorkers());
		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.OK);
		assertThat(result.out()).contains("Workers seen in the last 60 s:",
				"host-a/4242/0badcafe: host host-a, pid 4242, migrator 0.1.0, 1 of 2 partition(s) in hand, last heartbeat",
				"host-b/77/deadbeef: host host-b, pid 77, migrator 0.1.0, 0 of 4 partition(s) in hand", ", stopped ",
				"Partitions running:", "run 3 preflightPartition:partition3 on host-a/4242/0badcafe since");
	}

	/** {@code status --json} carries what plain {@code status} shows of the workers, field by field. */
	@Test
	void statusJsonHasTheWorkersSeenAndThePartitionsTheyRun() {
		List<String> arguments = new ArrayList<>(List.of(ledgerWithWorkers()));
		arguments.add("--json");
		MigratorCliTests.Result result = status(arguments.toArray(String[]::new));
		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.OK);
		JsonNode doc = JsonMapper.builder().build().readTree(result.out());
		assertThat(doc.path("runs").isArray()).isTrue();
		JsonNode workers = doc.path("workers");
		assertThat(workers.size()).isEqualTo(2);
		JsonNode busy = workers.get(0);
		assertThat(busy.path("worker_id").asString()).isEqualTo("host-a/4242/0badcafe");
		assertThat(busy.path("host").asString()).isEqualTo("host-a");
		assertThat(busy.path("pid").asLong()).isEqualTo(4242);
		assertThat(busy.path("version").asString()).isEqualTo("0.1.0");
		assertThat(busy.path("partitions").asInt()).isEqualTo(1);
		assertThat(busy.path("concurrency").asInt()).isEqualTo(2);
		assertThat(Instant.parse(busy.path("heartbeat_at").asString())).isBefore(Instant.now().plusSeconds(60));
		assertThat(busy.path("stopped_at").isNull()).as("a running worker has no stop").isTrue();
		JsonNode gone = workers.get(1);
		assertThat(gone.path("worker_id").asString()).isEqualTo("host-b/77/deadbeef");
		assertThat(gone.path("partitions").asInt()).isZero();
		assertThat(Instant.parse(gone.path("stopped_at").asString())).isNotNull();
		JsonNode running = doc.path("partitions_running");
		assertThat(running.size()).isEqualTo(1);
		assertThat(running.get(0).path("run_id").asLong()).isEqualTo(3);
		assertThat(running.get(0).path("step").asString()).isEqualTo("preflightPartition:partition3");
		assertThat(running.get(0).path("worker_id").asString()).isEqualTo("host-a/4242/0badcafe");
		assertThat(Instant.parse(running.get(0).path("claimed_at").asString())).isNotNull();
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
		MigratorCliTests.Result json = MigratorCliTests.runCli("status", "--json", "--spring.datasource.url=" + url,
				dataDir);
		assertThat(json.exit()).as(json.all()).isEqualTo(ExitCodes.OK);
		JsonNode doc = JsonMapper.builder().build().readTree(json.out());
		assertThat(doc.path("runs").size()).isEqualTo(1);
		assertThat(doc.path("workers").isArray()).isTrue();
		assertThat(doc.path("workers").isEmpty()).isTrue();
		assertThat(doc.path("partitions_running").isEmpty()).isTrue();
	}

}
