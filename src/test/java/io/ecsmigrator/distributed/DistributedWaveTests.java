package io.ecsmigrator.distributed;

import java.nio.file.Files;
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
import org.flywaydb.core.Flyway;
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

	/** {@code import --workers} with 16 partitions (4 threads' worth) and the test's timings. */
	private String[] managerOptions() {
		List<String> options = new ArrayList<>(List.of("--workers", "--threads", "4"));
		options.addAll(List.of(distributed()));
		return options.toArray(String[]::new);
	}

	private MigratorProcess manager(SandboxServer sandbox, Path inventory) throws Exception {
		MigratorProcess manager = MigratorProcess.importing(sandbox, inventory, this.ledger,
				this.dir.resolve("manager"), this.dir.resolve("manager.out"), managerOptions());
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
		return startWorker(sandbox, this.ledger, name, more);
	}

	private MigratorProcess startWorker(SandboxServer sandbox, Ledger ledger, String name, String... more)
			throws Exception {
		List<String> options = new ArrayList<>(List.of("--concurrency", "2",
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

	private static final int IMAGES = 40;

	/** The wave: {@value #IMAGES} images of one disk in one region. */
	private Path wave() throws Exception {
		return TestInventories.copiesOfOneDisk(this.dir.resolve("wave.csv"), "vm", IMAGES, "cn-hangzhou", "disks-hz",
				"web.qcow2");
	}

	/**
	 * Starts two workers and waits until each has claimed partitions and is stopped at its first
	 * ECS call, which {@code regions} holds: a moment the test names without timing.
	 */
	private List<Worker> twoWorkersAtWork(MigratorProcess manager, SandboxServer sandbox, CallHold regions,
			String first, String second) throws Exception {
		MigratorProcess one = startWorker(sandbox, first);
		MigratorProcess two = startWorker(sandbox, second);
		List<Worker> workers = List.of(ready(one), ready(two));
		assertThat(manager.awaitWhileAlive(() -> regions.held() == 2, Duration.ofMinutes(2)))
			.as("both workers at work:\n%s\n%s\nthe manager:\n%s", one.output(), two.output(), manager.output())
			.isTrue();
		return workers;
	}

	/** Partitions that {@code from} held and {@code by} did, as successors of a lost or released lease. */
	private long takenOver(String from, String state, String by) throws SQLException {
		return this.ledger.single("""
				SELECT COUNT(*) FROM partition_lease t JOIN partition_lease l ON t.takeover_of = l.step_execution_id
				WHERE l.worker_id = '%s' AND l.state = '%s' AND t.state = 'DONE' AND t.worker_id = '%s'"""
			.formatted(from, state, by));
	}

	private void assertEveryImageImportedOnce(SandboxServer sandbox) throws SQLException {
		assertEveryImageImportedOnce(sandbox, IMAGES);
	}

	private void assertEveryImageImportedOnce(SandboxServer sandbox, int images) throws SQLException {
		Map<String, Long> created = sandbox.counters().createdImages();
		assertThat(created).hasSize(images);
		assertThat(created.values()).as("no image imported twice").containsOnly(1L);
		assertThat(this.ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) images));
	}

	private static final List<String> REGIONS = List.of("cn-beijing", "cn-hangzhou", "cn-shanghai");

	/** Images per region of {@link #regionsWave}. */
	private static final int PER_REGION = 10;

	/** The default ImportImage rate, in each region ({@code migrator.rate.ImportImage}). */
	private static final int IMPORT_RATE = 5;

	/** {@value #PER_REGION} images of one disk in each of three regions, interleaved. */
	private Path regionsWave() throws Exception {
		StringBuilder csv = new StringBuilder("image_name,region,oss_bucket,oss_object\n");
		for (int i = 1; i <= PER_REGION; i++) {
			for (String region : REGIONS) {
				csv.append("%s-%02d,%s,disks-%s,web.qcow2\n".formatted(region, i, region, region));
			}
		}
		return Files.writeString(this.dir.resolve("regions.csv"), csv);
	}

	private static Scenario regionsScenario() {
		Scenarios scenario = Scenarios.scenario();
		for (String region : REGIONS) {
			scenario.region(region)
				.imageQuota(10_000)
				.snapshotQuota(100_000)
				.bucket("disks-" + region, region)
				.object("web.qcow2", Scenario.DiskKind.QCOW2, 40);
		}
		return scenario.importSeconds(1).ossLatency(20).seed(13).build();
	}

	/** Partitions of a worker step (by its name's prefix) that a worker ran to their end. */
	private long regionPartitionsDone(String workerStep) throws SQLException {
		return this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE state = 'DONE' AND worker_id IS NOT NULL "
				+ "AND step_name LIKE '" + workerStep + ":%'");
	}

	/** In each region, ImportImage never came faster than its rate (one call of slack for timing jitter). */
	private static void assertImportRateKeptPerRegion(SandboxServer sandbox) {
		for (String region : REGIONS) {
			assertThat(sandbox.counters().peakRate("ImportImage", region))
				.as("ImportImage calls in one second in %s", region)
				.isPositive()
				.isLessThanOrEqualTo(IMPORT_RATE + 1);
		}
	}

	/**
	 * Submit and track by region on the workers: one partition per region of each, run by the two
	 * workers (not the manager), each region's ImportImage within its rate, every image imported once.
	 */
	@Test
	void submitAndTrackRunOnTheWorkersOnePartitionPerRegion() throws Exception {
		Path inventory = regionsWave();
		try (SandboxServer sandbox = SandboxServer.start(regionsScenario(), 0)) {
			MigratorProcess manager = manager(sandbox, inventory);
			List<Worker> workers = List.of(ready(startWorker(sandbox, "one")), ready(startWorker(sandbox, "two")));

			int exit = manager.exitCode(Duration.ofMinutes(4));
			assertThat(exit).as(manager.output()).isZero();
			assertThat(regionPartitionsDone("submitRegion")).as("submit's partitions done by workers")
				.isEqualTo(REGIONS.size());
			assertThat(regionPartitionsDone("trackRegion")).as("track's partitions done by workers")
				.isEqualTo(REGIONS.size());
			for (String region : REGIONS) {
				assertThat(this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE step_name = 'submitRegion:"
						+ region + "'"))
					.as("one partition of %s's submit", region)
					.isEqualTo(1);
			}
			// the region partitions ran on the two workers, once each
			assertThat(workers.stream().mapToLong(worker -> {
				try {
					return this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE step_name LIKE '%Region:%' "
							+ "AND worker_id = '" + worker.id() + "'");
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			}).sum()).isEqualTo(2L * REGIONS.size());
			int images = REGIONS.size() * PER_REGION;
			// the manager's progress follows the workers' writes in the ledger
			assertThat(manager.output()).contains("submit: " + images + " done in", "track: " + images + " done in");
			assertImportRateKeptPerRegion(sandbox);
			assertNoPartitionRanTwiceAtOnce();
			assertEveryImageImportedOnce(sandbox, REGIONS.size() * PER_REGION);
		}
	}

	/**
	 * A worker SIGKILLed in the middle of submit, its region's ImportImage calls unanswered (the
	 * sandbox holds them) and their intents committed ({@code SUBMITTING}): the manager finds the
	 * region's lease expired and the other worker takes the region over, reconciling those images by
	 * name before it sends anything; the wave finishes, no image imported twice, no line lost.
	 */
	@Test
	void aWorkerKilledInSubmitLosesItsRegionToTheOtherWorker() throws Exception {
		Path inventory = regionsWave();
		try (SandboxServer sandbox = SandboxServer.start(regionsScenario(), 0)) {
			CallHold imports = sandbox.hold("ImportImage", 6);
			MigratorProcess manager = manager(sandbox, inventory);
			Worker one = ready(startWorker(sandbox, "one"));
			Worker two = ready(startWorker(sandbox, "two"));
			// preflight over, and a region of each worker's with calls held: the moment of the kill
			assertThat(manager.awaitWhileAlive(() -> submitting(one.id()) > 0 && submitting(two.id()) > 0
					&& preflightEnded(), Duration.ofMinutes(2)))
				.as("both workers in submit:\n%s\n%s\nthe manager:\n%s", one.process().output(),
						two.process().output(), manager.output())
				.isTrue();
			long lostRegions = this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE state = 'RUNNING' "
					+ "AND step_name LIKE 'submitRegion:%' AND worker_id = '" + one.id() + "'");
			one.process().kill();
			imports.release();

			int exit = manager.exitCode(Duration.ofMinutes(4));
			assertThat(exit).as(manager.output()).isZero();
			assertThat(manager.output()).contains("LEASE_LOST: worker " + one.id(), "taken over");
			assertThat(this.ledger.single("""
					SELECT COUNT(*) FROM partition_lease t JOIN partition_lease l ON t.takeover_of = l.step_execution_id
					WHERE l.worker_id = '%s' AND l.state = 'LOST' AND l.step_name LIKE 'submitRegion:%%'
					AND t.state = 'DONE' AND t.worker_id = '%s'""".formatted(one.id(), two.id())))
				.as("the killed worker's regions, taken over and done by the other")
				.isEqualTo(lostRegions);
			assertNoPartitionRanTwiceAtOnce();
			assertEveryImageImportedOnce(sandbox, REGIONS.size() * PER_REGION);
		}
	}

	/** Images SUBMITTING in the regions whose submit partitions the worker runs. */
	private long submitting(String workerId) {
		try {
			return this.ledger.single("SELECT COUNT(*) FROM image i JOIN partition_lease l ON l.step_name = "
					+ "'submitRegion:' || i.region WHERE i.status = 'SUBMITTING' AND l.state = 'RUNNING' "
					+ "AND l.worker_id = '" + workerId + "'");
		}
		catch (SQLException ex) {
			return -1;
		}
	}

	private boolean preflightEnded() {
		try {
			return this.ledger.single("SELECT COUNT(*) FROM batch_step_execution WHERE step_name = 'preflight' "
					+ "AND status = 'COMPLETED'") == 1;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/**
	 * Two workers share preflight's partitions; a worker of another migrator version and one on
	 * another ledger refuse every request they are offered (they start first, so they are offered
	 * some) and run none, and the wave finishes without them: each image imported exactly once.
	 */
	@Test
	void twoWorkersShareTheWaveAndWorkersOfAnotherVersionOrLedgerRefuseWithoutFailingIt() throws Exception {
		Path inventory = wave();
		Ledger elsewhere = new Ledger(TestDatabases.newPostgresSchema(), TestDatabases.postgresUser());
		Flyway.configure()
			.dataSource(elsewhere.url(), elsewhere.user(), "")
			.locations("classpath:db/migration")
			.load()
			.migrate();
		try (SandboxServer sandbox = SandboxServer.start(scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess manager = manager(sandbox, inventory);
			MigratorProcess otherVersionProcess = startWorker(sandbox, "other-version",
					"--migrator.distributed.build-version=0.0.0-other");
			MigratorProcess otherLedgerProcess = startWorker(sandbox, elsewhere, "other-ledger");
			Worker otherVersion = ready(otherVersionProcess);
			Worker otherLedger = ready(otherLedgerProcess);
			for (Worker refuser : List.of(otherVersion, otherLedger)) {
				assertThat(refuser.process()
					.awaitWhileAlive(() -> refuser.process().output().contains("refusing"), Duration.ofMinutes(2)))
					.as("a refusing worker was offered a request:\n%s\nthe manager:\n%s", refuser.process().output(),
							manager.output())
					.isTrue();
			}
			assertThat(manager.awaitWhileAlive(() -> manager.output().contains("No worker has taken a partition"),
					Duration.ofMinutes(1)))
				.as("the manager says that no worker took its partitions:\n%s", manager.output())
				.isTrue();
			List<Worker> workers = twoWorkersAtWork(manager, sandbox, regions, "first", "second");
			regions.release();
			int exit = manager.exitCode(Duration.ofMinutes(4));
			assertThat(exit).as(manager.output()).isZero();

			assertThat(otherVersion.process().output()).contains("refusing partition requests: request of ledger",
					"(migrator 0.1.0-SNAPSHOT), and this worker serves ledger", "with migrator 0.0.0-other");
			String ledgerId = this.ledger.text("SELECT ledger_id FROM ledger_identity");
			assertThat(otherLedger.process().output()).contains("refusing partition requests: request of ledger "
					+ ledgerId + " (migrator 0.1.0-SNAPSHOT), and this worker serves ledger "
					+ elsewhere.text("SELECT ledger_id FROM ledger_identity"));
			assertThat(manager.output()).contains("A worker refused partitions of this run",
					"preflight: " + IMAGES + " done in");
			assertThat(partitionsRunBy(otherVersion.id())).as("partitions the worker of another version ran").isZero();
			assertThat(partitionsRunBy(otherLedger.id())).as("partitions the worker on another ledger ran").isZero();
			for (Worker worker : workers) {
				assertThat(partitionsRunBy(worker.id())).as("partitions of %s", worker.id()).isPositive();
			}
			assertThat(this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE state <> 'DONE'")).isZero();
			assertNoPartitionRanTwiceAtOnce();
			assertEveryImageImportedOnce(sandbox);
		}
	}

	/**
	 * A worker SIGKILLed while it holds preflight partitions: nobody hands them back, so the manager
	 * finds their leases expired (within the lease and a look), fails them and queues them again, and
	 * the other worker does them. The wave ends without an operator: every line's image imported
	 * once.
	 */
	@Test
	void aWorkerKilledInPreflightLosesItsPartitionsToTheOtherWorker() throws Exception {
		Path inventory = wave();
		try (SandboxServer sandbox = SandboxServer.start(scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess manager = manager(sandbox, inventory);
			List<Worker> workers = twoWorkersAtWork(manager, sandbox, regions, "victim", "survivor");
			Worker victim = workers.get(0);
			long held = partitionsRunBy(victim.id());
			assertThat(held).as("partitions the victim holds").isPositive();
			victim.process().kill();
			regions.release();

			int exit = manager.exitCode(Duration.ofMinutes(4));
			assertThat(exit).as(manager.output()).isZero();
			assertThat(manager.output()).contains("LEASE_LOST: worker " + victim.id(), "taken over");
			assertThat(takenOver(victim.id(), "LOST", workers.get(1).id())).as("taken over and done by the survivor")
				.isEqualTo(held);
			// the bound the README gives: lease + a look, by the database's clock (slack for a busy machine)
			assertThat(this.ledger.single("""
					SELECT CAST(MAX(EXTRACT(EPOCH FROM (t.queued_at - l.heartbeat_at))) * 1000 AS BIGINT)
					FROM partition_lease t JOIN partition_lease l ON t.takeover_of = l.step_execution_id"""))
				.as("ms from the last heartbeat to the takeover")
				.isLessThan(3_000 + 250 + 10_000);
			assertNoPartitionRanTwiceAtOnce();
			assertEveryImageImportedOnce(sandbox);
		}
	}

	/**
	 * Ctrl-C on a worker that holds partitions: it stops them at their next chunk and hands them
	 * back ({@code RELEASED}) before it exits; the manager queues them again at once (no expiry to
	 * wait for) and the other worker does them.
	 */
	@Test
	void aWorkerStoppedByCtrlCHandsItsPartitionsBack() throws Exception {
		Path inventory = wave();
		try (SandboxServer sandbox = SandboxServer.start(scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess manager = manager(sandbox, inventory);
			List<Worker> workers = twoWorkersAtWork(manager, sandbox, regions, "leaving", "staying");
			Worker leaving = workers.get(0);
			long held = partitionsRunBy(leaving.id());
			assertThat(held).isPositive();
			leaving.process().interrupt();
			regions.release();
			assertThat(leaving.process().exitCode(Duration.ofMinutes(2))).as(leaving.process().output())
				.isEqualTo(130);
			assertThat(leaving.process().output()).contains("Worker stopping: the partitions in hand end at their "
					+ "next chunk");

			int exit = manager.exitCode(Duration.ofMinutes(4));
			assertThat(exit).as(manager.output()).isZero();
			assertThat(manager.output()).contains("handed back by a stopping worker");
			assertThat(takenOver(leaving.id(), "RELEASED", workers.get(1).id()))
				.as("handed back, and done by the worker that stayed")
				.isEqualTo(held);
			assertThat(this.ledger.single("SELECT COUNT(*) FROM migrator_worker WHERE stopped_at IS NOT NULL "
					+ "AND worker_id = '" + leaving.id() + "'"))
				.as("the worker said it stopped")
				.isEqualTo(1);
			assertNoPartitionRanTwiceAtOnce();
			assertEveryImageImportedOnce(sandbox);
		}
	}

	/**
	 * The manager SIGKILLed while workers hold its partitions: the workers go on. A local launch of
	 * the run is refused while they do (it would fail their partitions and run them again beside
	 * them); the same command with {@code --workers} waits until no live worker holds one, then
	 * takes the run back and finishes it.
	 */
	@Test
	void aManagerKilledInPreflightIsTakenBackByTheSameCommandWhileWorkersFinish() throws Exception {
		Path inventory = wave();
		try (SandboxServer sandbox = SandboxServer.start(scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess first = manager(sandbox, inventory);
			twoWorkersAtWork(first, sandbox, regions, "one", "two");
			first.kill();
			List<String> leasesAtKill = leasesRunning();
			assertThat(leasesAtKill).as("partitions the workers hold at the kill").isNotEmpty();

			MigratorProcess local = MigratorProcess.importing(sandbox, inventory, this.ledger,
					this.dir.resolve("manager"), this.dir.resolve("local.out"));
			this.processes.add(local);
			assertThat(local.exitCode(Duration.ofMinutes(2))).as(local.output()).isEqualTo(3);
			assertThat(local.output()).contains("workers are running", "continue it with the same command and --workers");

			MigratorProcess again = MigratorProcess.importing(sandbox, inventory, this.ledger,
					this.dir.resolve("manager"), this.dir.resolve("again.out"), managerOptions());
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
			assertEveryImageImportedOnce(sandbox);
		}
	}

	/**
	 * Ctrl-C on the manager: requests no worker has claimed are withdrawn, the claimed partitions
	 * stop at their next chunk (the workers see the job execution stopping), the manager exits 130,
	 * and the same command later finishes the wave.
	 */
	@Test
	void aManagerStoppedByCtrlCWithdrawsItsRequestsAndTheSameCommandFinishes() throws Exception {
		Path inventory = wave();
		try (SandboxServer sandbox = SandboxServer.start(scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess first = manager(sandbox, inventory);
			twoWorkersAtWork(first, sandbox, regions, "one", "two");
			first.interrupt();
			assertThat(first.awaitWhileAlive(() -> leasesQueued() == 0, Duration.ofMinutes(1)))
				.as("the stopping manager withdrew the unclaimed requests:\n%s", first.output())
				.isTrue();
			regions.release();
			assertThat(first.exitCode(Duration.ofMinutes(2))).as(first.output()).isEqualTo(130);
			assertThat(this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE state = 'DONE' "
					+ "AND claimed_at IS NULL"))
				.as("requests withdrawn")
				.isPositive();
			assertThat(this.ledger.single("SELECT COUNT(*) FROM batch_step_execution WHERE status IN "
					+ "('STARTING', 'STARTED', 'STOPPING')"))
				.as("step executions left running")
				.isZero();

			MigratorProcess again = MigratorProcess.importing(sandbox, inventory, this.ledger,
					this.dir.resolve("manager"), this.dir.resolve("again.out"), managerOptions());
			this.processes.add(again);
			assertThat(again.exitCode(Duration.ofMinutes(4))).as(again.output()).isZero();
			assertNoPartitionRanTwiceAtOnce();
			assertEveryImageImportedOnce(sandbox);
		}
	}

	/**
	 * The AMQP connections of the manager and both workers dropped while the workers hold
	 * partitions (as a network cut or a broker restart drops them): the requests in hand go back to
	 * the queue and are delivered again, but their partitions are held, so the redeliveries are
	 * acknowledged unrun; the processes reconnect and the wave finishes, nothing lost or run twice.
	 */
	@Test
	void droppedBrokerConnectionsAreReopenedAndNoPartitionIsLostOrRunTwice() throws Exception {
		TestBroker.assumeBrokerControl();
		Path inventory = wave();
		try (SandboxServer sandbox = SandboxServer.start(scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess manager = manager(sandbox, inventory);
			List<Worker> workers = twoWorkersAtWork(manager, sandbox, regions, "one", "two");
			int dropped = TestBroker.dropConnectionsOf(manager.pid(), workers.get(0).process().pid(),
					workers.get(1).process().pid());
			assertThat(dropped).as("connections dropped").isEqualTo(3);
			regions.release();

			int exit = manager.exitCode(Duration.ofMinutes(4));
			assertThat(exit).as(manager.output()).isZero();
			String logs = Files.readString(this.dir.resolve("one/migrator.log"))
					+ Files.readString(this.dir.resolve("two/migrator.log"));
			assertThat(logs).as("a request delivered again while its partition was held").contains("nothing to run");
			assertNoPartitionRanTwiceAtOnce();
			assertEveryImageImportedOnce(sandbox);
		}
	}

	private long leasesQueued() {
		try {
			return this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE state = 'QUEUED'");
		}
		catch (SQLException ex) {
			return -1;
		}
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
