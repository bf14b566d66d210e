package io.ecsmigrator.distributed;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ecsmigrator.sandbox.CallHold;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.MigratorProcess;
import io.ecsmigrator.support.MigratorProcess.Ledger;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestInventories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A distributed wave under test, each process a JVM of its own: a manager ({@code import
 * --workers}) and workers, on one PostgreSQL schema and one RabbitMQ queue of the test's, against a
 * sandbox in the test's JVM whose counters say what the cloud saw. Timings are short (a 3 s lease,
 * a heartbeat every 500 ms, a look every 250 ms) so that a takeover takes seconds. What the wave
 * tests share: starting the processes, and the assertions every wave ends with.
 *
 * @param dir the test's folder: each process's output and data folder
 * @param broker further options of every process, e.g. {@code --spring.rabbitmq.port=…}
 * @param processes every process started, for the test to kill at its end
 */
record Wave(Path dir, Ledger ledger, String queue, List<String> broker, List<MigratorProcess> processes) {

	static final int IMAGES = 40;

	private static final Pattern READY = Pattern.compile("Worker (\\S+) ready");

	Wave(Path dir, Ledger ledger, String queue, String... broker) {
		this(dir, ledger, queue, List.of(broker), new ArrayList<>());
	}

	/** SIGKILL to every process still alive: a test's end. */
	void killAll() throws InterruptedException {
		for (MigratorProcess process : this.processes) {
			if (process.alive()) {
				process.kill();
			}
		}
	}

	String[] distributed(String... more) {
		List<String> options = new ArrayList<>(List.of("--migrator.distributed.queue=" + this.queue,
				"--migrator.distributed.lease=3s", "--migrator.distributed.heartbeat=500ms",
				"--migrator.distributed.poll-interval=250ms", "--migrator.distributed.refuse-delay=1s"));
		options.addAll(this.broker);
		options.addAll(List.of(more));
		return options.toArray(String[]::new);
	}

	/** {@code import --workers} with 16 partitions (4 threads' worth) and the test's timings. */
	String[] managerOptions() {
		List<String> options = new ArrayList<>(List.of("--workers", "--threads", "4"));
		options.addAll(List.of(distributed()));
		return options.toArray(String[]::new);
	}

	MigratorProcess manager(SandboxServer sandbox, Path inventory) throws Exception {
		MigratorProcess manager = MigratorProcess.importing(sandbox, inventory, this.ledger,
				this.dir.resolve("manager"), this.dir.resolve("manager.out"), managerOptions());
		this.processes.add(manager);
		awaitLedgerMigrated(manager);
		return manager;
	}

	/** Workers only check the ledger's schema: the manager creates it, and workers start after. */
	void awaitLedgerMigrated(MigratorProcess manager) throws InterruptedException {
		assertThat(manager.awaitWhileAlive(this::ledgerMigrated, Duration.ofMinutes(2)))
			.as("the manager migrated the ledger:\n%s", manager.output())
			.isTrue();
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
	MigratorProcess startWorker(SandboxServer sandbox, String name, String... more) throws Exception {
		return startWorker(sandbox, this.ledger, name, more);
	}

	/** @param more further options; {@code --concurrency} among them replaces the default of 2 */
	MigratorProcess startWorker(SandboxServer sandbox, Ledger ledger, String name, String... more) throws Exception {
		List<String> options = new ArrayList<>();
		if (!List.of(more).contains("--concurrency")) {
			options.addAll(List.of("--concurrency", "2"));
		}
		options.addAll(List.of(
				// a test holds the first ECS call of every worker until all are there
				"--migrator.ecs.read-timeout=120s",
				// the workers follow the imports (track's region partitions) as often as the manager would
				"--migrator.track.poll-interval=300ms"));
		options.addAll(List.of(more));
		MigratorProcess worker = MigratorProcess.worker(sandbox, ledger, this.dir.resolve(name),
				this.dir.resolve(name + ".out"), distributed(options.toArray(String[]::new)));
		this.processes.add(worker);
		return worker;
	}

	static Worker ready(MigratorProcess worker) throws Exception {
		assertThat(worker.awaitWhileAlive(() -> READY.matcher(worker.output()).find(), Duration.ofMinutes(2)))
			.as("a worker started:\n%s", worker.output())
			.isTrue();
		Matcher ready = READY.matcher(worker.output());
		assertThat(ready.find()).isTrue();
		return new Worker(worker, ready.group(1));
	}

	record Worker(MigratorProcess process, String id) {
	}

	static Scenario scenario(int ossLatencyMillis) {
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

	/** The wave: {@value #IMAGES} images of one disk in one region. */
	Path inventory() throws Exception {
		return TestInventories.copiesOfOneDisk(this.dir.resolve("wave.csv"), "vm", IMAGES, "cn-hangzhou", "disks-hz",
				"web.qcow2");
	}

	/**
	 * Starts two workers and waits until each has claimed partitions and is stopped at its first
	 * ECS call, which {@code regions} holds: a moment the test names without timing.
	 */
	List<Worker> twoWorkersAtWork(MigratorProcess manager, SandboxServer sandbox, CallHold regions, String first,
			String second) throws Exception {
		MigratorProcess one = startWorker(sandbox, first);
		MigratorProcess two = startWorker(sandbox, second);
		List<Worker> workers = List.of(ready(one), ready(two));
		assertThat(manager.awaitWhileAlive(() -> regions.held() == 2, Duration.ofMinutes(2)))
			.as("both workers at work:\n%s\n%s\nthe manager:\n%s", one.output(), two.output(), manager.output())
			.isTrue();
		return workers;
	}

	long partitionsRunBy(String workerId) throws SQLException {
		return this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE worker_id = '" + workerId + "'");
	}

	long leases(String state) throws SQLException {
		return this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE state = '" + state + "'");
	}

	/**
	 * No partition ran on two workers at once: for each partition (step execution name), the
	 * leases' intervals from claim to end do not overlap. A lost lease ends when the manager found
	 * it expired, before its successor was even queued.
	 */
	void assertNoPartitionRanTwiceAtOnce() throws SQLException {
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

	void assertEveryImageImportedOnce(SandboxServer sandbox) throws SQLException {
		assertEveryImageImportedOnce(sandbox, IMAGES);
	}

	void assertEveryImageImportedOnce(SandboxServer sandbox, int images) throws SQLException {
		Map<String, Long> created = sandbox.counters().createdImages();
		assertThat(created).hasSize(images);
		assertThat(created.values()).as("no image imported twice").containsOnly(1L);
		assertThat(this.ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) images));
	}

}
