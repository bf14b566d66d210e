package io.ecsmigrator.distributed;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ecsmigrator.sandbox.CallHold;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.MigratorProcess;
import io.ecsmigrator.support.MigratorProcess.Ledger;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestBroker;
import io.ecsmigrator.support.TestDatabases;
import io.ecsmigrator.support.TestInventories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waves of the distributed mode, each process a JVM of its own: a manager ({@code import
 * --workers}) and workers, on one PostgreSQL schema and one RabbitMQ queue of this test's, against a
 * sandbox in the test's JVM whose counters say what the cloud saw. Timings are short (a 3 s lease,
 * a heartbeat every 500 ms, a look every 250 ms) so that a takeover takes seconds.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DistributedWaveTests {

	private static final Pattern READY = Pattern.compile("Worker (\\S+) ready");

	/** Kept after a failure: each process's output and log (migrator.log in its data folder). */
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path dir;

	private Ledger ledger;

	private String queue;

	private final List<MigratorProcess> processes = new ArrayList<>();

	@BeforeEach
	void services() {
		TestDatabases.assumePostgres();
		TestBroker.assumeRabbit();
		this.ledger = new Ledger(TestDatabases.newPostgresSchema(), TestDatabases.postgresUser());
		this.queue = TestBroker.newQueue();
	}

	@AfterEach
	void stop() throws InterruptedException {
		for (MigratorProcess process : this.processes) {
			if (process.alive()) {
				process.kill();
			}
		}
		if (this.queue != null) {
			TestBroker.deleteQueues(this.queue);
		}
	}

	private String[] distributed(String... more) {
		List<String> options = new ArrayList<>(List.of("--migrator.distributed.queue=" + this.queue,
				"--migrator.distributed.lease=3s", "--migrator.distributed.heartbeat=500ms",
				"--migrator.distributed.poll-interval=250ms", "--migrator.distributed.refuse-delay=1s"));
		options.addAll(List.of(more));
		return options.toArray(String[]::new);
	}

	private MigratorProcess manager(SandboxServer sandbox, Path inventory, String... more) throws Exception {
		List<String> options = new ArrayList<>(List.of("--workers", "--threads", "4"));
		options.addAll(List.of(distributed(more)));
		MigratorProcess manager = MigratorProcess.importing(sandbox, inventory, this.ledger,
				this.dir.resolve("manager"), this.dir.resolve("manager.out"), options.toArray(String[]::new));
		this.processes.add(manager);
		// workers only check the ledger's schema: the manager creates it
		assertThat(manager.awaitWhileAlive(this::ledgerMigrated, Duration.ofMinutes(2)))
			.as("the manager migrated the ledger:\n%s", manager.output())
			.isTrue();
		return manager;
	}

	private boolean ledgerMigrated() {
		try {
			return this.ledger.single("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '7' AND success") == 1;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/** A worker, started; {@link #ready} waits until it says it is. */
	private MigratorProcess startWorker(SandboxServer sandbox, String name, String... more) throws Exception {
		List<String> options = new ArrayList<>(List.of("--concurrency", "2",
				// a test holds the first ECS call of every worker until all are there
				"--migrator.ecs.read-timeout=120s"));
		options.addAll(List.of(more));
		MigratorProcess worker = MigratorProcess.worker(sandbox, this.ledger, this.dir.resolve(name),
				this.dir.resolve(name + ".out"), distributed(options.toArray(String[]::new)));
		this.processes.add(worker);
		return worker;
	}

	private static Worker ready(MigratorProcess worker) throws Exception {
		assertThat(worker.awaitWhileAlive(() -> READY.matcher(worker.output()).find(), Duration.ofMinutes(2)))
			.as("a worker started:\n%s", worker.output())
			.isTrue();
		Matcher ready = READY.matcher(worker.output());
		assertThat(ready.find()).isTrue();
		return new Worker(worker, ready.group(1));
	}

	record Worker(MigratorProcess process, String id) {
	}

	private static Scenario scenario(int ossLatencyMillis) {
		return Scenarios.scenario()
			.region("cn-hangzhou")
			.imageQuota(10_000)
			.snapshotQuota(100_000)
			.bucket("disks-hz", "cn-hangzhou")
			.object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.importSeconds(1)
			.ossLatency(ossLatencyMillis)
			.seed(13)
			.build();
	}

	/**
	 * No partition ran on two workers at once: for each partition (step execution name), the
	 * leases' intervals from claim to end do not overlap. A lost lease ends when the manager found
	 * it expired, before its successor was even queued.
	 */
	private void assertNoPartitionRanTwiceAtOnce() throws SQLException {
		assertThat(this.ledger.single("""
				SELECT COUNT(*) FROM partition_lease a JOIN partition_lease b
				ON a.step_name = b.step_name AND a.step_execution_id < b.step_execution_id
				WHERE a.claimed_at IS NOT NULL AND b.claimed_at IS NOT NULL
				AND a.claimed_at < COALESCE(b.ended_at, now()) AND b.claimed_at < COALESCE(a.ended_at, now())"""))
			.as("partitions run twice at once")
			.isZero();
		assertThat(this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE state IN ('QUEUED', 'RUNNING')"))
			.as("leases left open")
			.isZero();
	}

	private long partitionsRunBy(String workerId) throws SQLException {
		return this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE worker_id = '" + workerId + "'");
	}

	/**
	 * Two workers share preflight's partitions; a third, of another migrator version, refuses every
	 * request it is offered (it starts first, so it is offered some) and runs none, and the wave
	 * finishes without it: each image imported exactly once.
	 */
	@Test
	void twoWorkersShareTheWaveAndAWorkerOfAnotherVersionRefusesWithoutFailingIt() throws Exception {
		int images = 40;
		Path inventory = TestInventories.copiesOfOneDisk(this.dir.resolve("wave.csv"), "vm", images, "cn-hangzhou",
				"disks-hz", "web.qcow2");
		try (SandboxServer sandbox = SandboxServer.start(scenario(50), 0)) {
			// every worker's first check asks ECS its regions, once a process: held until both good
			// workers have each claimed a partition, so that neither can do the whole wave alone
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess manager = manager(sandbox, inventory);
			Worker other = ready(startWorker(sandbox, "other", "--migrator.distributed.build-version=0.0.0-other"));
			assertThat(other.process().awaitWhileAlive(() -> other.process().output().contains("refusing"),
					Duration.ofMinutes(2)))
				.as("the worker of another version was offered a request:\n%s\nthe manager:\n%s",
						other.process().output(), manager.output())
				.isTrue();
			MigratorProcess firstProcess = startWorker(sandbox, "first");
			MigratorProcess secondProcess = startWorker(sandbox, "second");
			Worker first = ready(firstProcess);
			Worker second = ready(secondProcess);
			assertThat(manager.awaitWhileAlive(() -> regions.held() == 2, Duration.ofMinutes(2)))
				.as("both workers at work:\n%s\n%s", first.process().output(), second.process().output())
				.isTrue();
			regions.release();
			int exit = manager.exitCode(Duration.ofMinutes(4));
			assertThat(exit).as(manager.output()).isZero();

			assertThat(other.process().output()).contains("refusing partition requests: request of ledger",
					"(migrator 0.1.0-SNAPSHOT), and this worker serves ledger", "with migrator 0.0.0-other");
			assertThat(manager.output()).contains("A worker refused partitions of this run");
			assertThat(partitionsRunBy(other.id())).as("partitions the refusing worker ran").isZero();
			assertThat(partitionsRunBy(first.id())).as("partitions of the first worker").isPositive();
			assertThat(partitionsRunBy(second.id())).as("partitions of the second worker").isPositive();
			assertThat(this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE state <> 'DONE'")).isZero();
			assertNoPartitionRanTwiceAtOnce();

			Map<String, Long> created = sandbox.counters().createdImages();
			assertThat(created).hasSize(images);
			assertThat(created.values()).as("no image imported twice").containsOnly(1L);
		}
		assertThat(this.ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) images));
	}

	/**
	 * A worker SIGKILLed while it holds preflight partitions: nobody hands them back, so the manager
	 * finds their leases expired (within the lease and a look), fails them and queues them again, and
	 * the other worker does them. The wave ends without an operator: every line's image imported
	 * once.
	 */
	@Test
	void aWorkerKilledInPreflightLosesItsPartitionsToTheOtherWorker() throws Exception {
		int images = 40;
		Path inventory = TestInventories.copiesOfOneDisk(this.dir.resolve("wave.csv"), "vm", images, "cn-hangzhou",
				"disks-hz", "web.qcow2");
		try (SandboxServer sandbox = SandboxServer.start(scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess manager = manager(sandbox, inventory);
			MigratorProcess victimProcess = startWorker(sandbox, "victim");
			MigratorProcess survivorProcess = startWorker(sandbox, "survivor");
			Worker victim = ready(victimProcess);
			Worker survivor = ready(survivorProcess);
			// both hold partitions, stopped at their first call
			assertThat(manager.awaitWhileAlive(() -> regions.held() == 2, Duration.ofMinutes(2)))
				.as("both workers at work:\n%s\n%s", victim.process().output(), survivor.process().output())
				.isTrue();
			long held = partitionsRunBy(victim.id());
			assertThat(held).as("partitions the victim holds").isPositive();
			victim.process().kill();
			regions.release();

			int exit = manager.exitCode(Duration.ofMinutes(4));
			assertThat(exit).as(manager.output()).isZero();
			assertThat(manager.output()).contains("LEASE_LOST: worker " + victim.id(), "taken over");
			long lost = this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE state = 'LOST' AND worker_id = '"
					+ victim.id() + "'");
			assertThat(lost).as("the victim's partitions lost").isEqualTo(held);
			assertThat(this.ledger.single("""
					SELECT COUNT(*) FROM partition_lease t JOIN partition_lease l ON t.takeover_of = l.step_execution_id
					WHERE l.worker_id = '%s' AND t.state = 'DONE' AND t.worker_id = '%s'""".formatted(victim.id(),
					survivor.id())))
				.as("taken over and done by the survivor")
				.isEqualTo(held);
			// the bound the README gives: lease + a look, by the database's clock (slack for a busy machine)
			assertThat(this.ledger.single("""
					SELECT CAST(MAX(EXTRACT(EPOCH FROM (t.queued_at - l.heartbeat_at))) * 1000 AS BIGINT)
					FROM partition_lease t JOIN partition_lease l ON t.takeover_of = l.step_execution_id"""))
				.as("ms from the last heartbeat to the takeover")
				.isLessThan(3_000 + 250 + 10_000);
			assertNoPartitionRanTwiceAtOnce();

			Map<String, Long> created = sandbox.counters().createdImages();
			assertThat(created).hasSize(images);
			assertThat(created.values()).as("no image imported twice").containsOnly(1L);
		}
		assertThat(this.ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) images));
	}

	/**
	 * Ctrl-C on a worker that holds partitions: it stops them at their next chunk and hands them
	 * back ({@code RELEASED}) before it exits; the manager queues them again at once (no expiry to
	 * wait for) and the other worker does them.
	 */
	@Test
	void aWorkerStoppedByCtrlCHandsItsPartitionsBack() throws Exception {
		int images = 40;
		Path inventory = TestInventories.copiesOfOneDisk(this.dir.resolve("wave.csv"), "vm", images, "cn-hangzhou",
				"disks-hz", "web.qcow2");
		try (SandboxServer sandbox = SandboxServer.start(scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess manager = manager(sandbox, inventory);
			MigratorProcess leavingProcess = startWorker(sandbox, "leaving");
			MigratorProcess stayingProcess = startWorker(sandbox, "staying");
			Worker leaving = ready(leavingProcess);
			Worker staying = ready(stayingProcess);
			assertThat(manager.awaitWhileAlive(() -> regions.held() == 2, Duration.ofMinutes(2))).isTrue();
			long held = partitionsRunBy(leaving.id());
			assertThat(held).isPositive();
			leaving.process().interrupt();
			regions.release();
			assertThat(leaving.process().exitCode(Duration.ofMinutes(2))).as(leaving.process().output())
				.isEqualTo(130);

			int exit = manager.exitCode(Duration.ofMinutes(4));
			assertThat(exit).as(manager.output()).isZero();
			assertThat(manager.output()).contains("handed back by a stopping worker");
			assertThat(this.ledger.single("""
					SELECT COUNT(*) FROM partition_lease t JOIN partition_lease l ON t.takeover_of = l.step_execution_id
					WHERE l.worker_id = '%s' AND l.state = 'RELEASED' AND t.state = 'DONE' AND t.worker_id = '%s'"""
				.formatted(leaving.id(), staying.id())))
				.as("handed back, and done by the worker that stayed")
				.isEqualTo(held);
			assertThat(this.ledger.single("SELECT COUNT(*) FROM migrator_worker WHERE stopped_at IS NOT NULL "
					+ "AND worker_id = '" + leaving.id() + "'"))
				.as("the worker said it stopped")
				.isEqualTo(1);
			assertNoPartitionRanTwiceAtOnce();
			assertThat(sandbox.counters().createdImages().values()).hasSize(images).containsOnly(1L);
		}
		assertThat(this.ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) images));
	}

	/**
	 * The manager SIGKILLed while workers hold its partitions: the workers go on. The same command
	 * again does not fail what they run (that would run them twice at once): it waits until no live
	 * worker holds one, then takes the run back and finishes it.
	 */
	@Test
	void aManagerKilledInPreflightIsTakenBackByTheSameCommandWhileWorkersFinish() throws Exception {
		int images = 40;
		Path inventory = TestInventories.copiesOfOneDisk(this.dir.resolve("wave.csv"), "vm", images, "cn-hangzhou",
				"disks-hz", "web.qcow2");
		try (SandboxServer sandbox = SandboxServer.start(scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess first = manager(sandbox, inventory);
			MigratorProcess oneProcess = startWorker(sandbox, "one");
			MigratorProcess twoProcess = startWorker(sandbox, "two");
			ready(oneProcess);
			ready(twoProcess);
			assertThat(first.awaitWhileAlive(() -> regions.held() == 2, Duration.ofMinutes(2))).isTrue();
			first.kill();
			List<String> leasesAtKill = leasesRunning();
			assertThat(leasesAtKill).as("partitions the workers hold at the kill").isNotEmpty();

			MigratorProcess again = MigratorProcess.importing(sandbox, inventory, this.ledger,
					this.dir.resolve("manager"), this.dir.resolve("again.out"),
					java.util.stream.Stream.concat(java.util.stream.Stream.of("--workers", "--threads", "4"),
							java.util.Arrays.stream(distributed())).toArray(String[]::new));
			this.processes.add(again);
			assertThat(again.awaitWhileAlive(() -> again.output().contains("workers still run"), Duration.ofMinutes(2)))
				.as("the new manager waits for the workers:\n%s", again.output())
				.isTrue();
			regions.release();
			int exit = again.exitCode(Duration.ofMinutes(4));
			assertThat(exit).as(again.output()).isZero();
			assertThat(again.output()).contains("was left running by a process that stopped");
			for (String lease : leasesAtKill) {
				assertThat(this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE state = 'DONE' AND "
						+ "step_execution_id = " + lease))
					.as("partition %s the workers held at the kill: they finished it", lease)
					.isEqualTo(1);
			}
			assertNoPartitionRanTwiceAtOnce();
			assertThat(sandbox.counters().createdImages().values()).hasSize(images).containsOnly(1L);
		}
		assertThat(this.ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) images));
	}

	private List<String> leasesRunning() throws SQLException {
		List<String> ids = new ArrayList<>();
		try (java.sql.Connection connection = java.sql.DriverManager.getConnection(this.ledger.url(),
				this.ledger.user(), "");
				java.sql.Statement statement = connection.createStatement();
				java.sql.ResultSet rs = statement
					.executeQuery("SELECT step_execution_id FROM partition_lease WHERE state = 'RUNNING'")) {
			while (rs.next()) {
				ids.add(rs.getString(1));
			}
		}
		return ids;
	}

}
