package io.ecsmigrator.distributed;

import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.sandbox.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.sandbox.CallHold;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.support.MigratorProcess;
import io.ecsmigrator.support.MigratorProcess.Ledger;
import io.ecsmigrator.support.TestBroker;
import io.ecsmigrator.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waves of the distributed mode on the machine's RabbitMQ ({@link Wave}: a manager and workers, each
 * a JVM of its own, against a sandbox in the test's JVM): workers that refuse, a worker killed or
 * stopped, the manager killed or stopped, connections dropped.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DistributedWaveTests {

	/** Kept after a failure: each process's output and log (migrator.log in its data folder). */
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path dir;

	private Ledger ledger;

	private String queue;

	private Wave wave;

	@BeforeEach
	void services() {
		TestDatabases.assumePostgres();
		TestBroker.assumeRabbit();
		this.ledger = new Ledger(TestDatabases.newPostgresSchema(), TestDatabases.postgresUser());
		this.queue = TestBroker.newQueue();
		this.wave = new Wave(this.dir, this.ledger, this.queue);
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (this.wave != null) {
			this.wave.killAll();
			TestBroker.deleteQueues(this.queue);
		}
	}

	/** Partitions that {@code from} held and {@code by} did, as successors of a lost or released lease. */
	private long takenOver(String from, String state, String by) throws SQLException {
		return this.ledger.single("""
				SELECT COUNT(*) FROM partition_lease t JOIN partition_lease l ON t.takeover_of = l.step_execution_id
				WHERE l.worker_id = '%s' AND l.state = '%s' AND t.state = 'DONE' AND t.worker_id = '%s'"""
			.formatted(from, state, by));
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
			MigratorProcess manager = this.wave.manager(sandbox, inventory);
			List<Wave.Worker> workers = List.of(Wave.ready(this.wave.startWorker(sandbox, "one")),
					Wave.ready(this.wave.startWorker(sandbox, "two")));

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
			this.wave.assertNoPartitionRanTwiceAtOnce();
			this.wave.assertEveryImageImportedOnce(sandbox, REGIONS.size() * PER_REGION);
		}
	}

	/**
	 * One worker of one slot, and a wave of three regions: preflight's partitions are not starved by
	 * submit's regions waiting for preflight (they are queued once it has ended), and the wave finishes.
	 */
	@Test
	void aWorkerOfOneSlotFinishesAWaveOfThreeRegions() throws Exception {
		Path inventory = regionsWave();
		try (SandboxServer sandbox = SandboxServer.start(regionsScenario(), 0)) {
			MigratorProcess manager = this.wave.manager(sandbox, inventory);
			Wave.ready(this.wave.startWorker(sandbox, "single", "--concurrency", "1"));

			int exit = manager.exitCode(Duration.ofMinutes(4));
			assertThat(exit).as(manager.output()).isZero();
			assertThat(regionPartitionsDone("submitRegion")).isEqualTo(REGIONS.size());
			this.wave.assertNoPartitionRanTwiceAtOnce();
			this.wave.assertEveryImageImportedOnce(sandbox, REGIONS.size() * PER_REGION);
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
			MigratorProcess manager = this.wave.manager(sandbox, inventory);
			Wave.Worker one = Wave.ready(this.wave.startWorker(sandbox, "one"));
			Wave.Worker two = Wave.ready(this.wave.startWorker(sandbox, "two"));
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
			this.wave.assertNoPartitionRanTwiceAtOnce();
			this.wave.assertEveryImageImportedOnce(sandbox, REGIONS.size() * PER_REGION);
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
		Path inventory = this.wave.inventory();
		Ledger elsewhere = new Ledger(TestDatabases.newPostgresSchema(), TestDatabases.postgresUser());
		Flyway.configure()
			.dataSource(elsewhere.url(), elsewhere.user(), "")
			.locations("classpath:db/migration")
			.load()
			.migrate();
		try (SandboxServer sandbox = SandboxServer.start(Wave.scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess manager = this.wave.manager(sandbox, inventory);
			MigratorProcess otherVersionProcess = this.wave.startWorker(sandbox, "other-version",
					"--migrator.distributed.build-version=0.0.0-other");
			MigratorProcess otherLedgerProcess = this.wave.startWorker(sandbox, elsewhere, "other-ledger");
			Wave.Worker otherVersion = Wave.ready(otherVersionProcess);
			Wave.Worker otherLedger = Wave.ready(otherLedgerProcess);
			for (Wave.Worker refuser : List.of(otherVersion, otherLedger)) {
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
			List<Wave.Worker> workers = this.wave.twoWorkersAtWork(manager, sandbox, regions, "first", "second");
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
					"preflight: " + Wave.IMAGES + " done in");
			assertThat(this.wave.partitionsRunBy(otherVersion.id())).as("partitions the worker of another version ran")
				.isZero();
			assertThat(this.wave.partitionsRunBy(otherLedger.id())).as("partitions the worker on another ledger ran")
				.isZero();
			for (Wave.Worker worker : workers) {
				assertThat(this.wave.partitionsRunBy(worker.id())).as("partitions of %s", worker.id()).isPositive();
			}
			assertThat(this.ledger.single("SELECT COUNT(*) FROM partition_lease WHERE state <> 'DONE'")).isZero();
			this.wave.assertNoPartitionRanTwiceAtOnce();
			this.wave.assertEveryImageImportedOnce(sandbox);
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
		Path inventory = this.wave.inventory();
		try (SandboxServer sandbox = SandboxServer.start(Wave.scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess manager = this.wave.manager(sandbox, inventory);
			List<Wave.Worker> workers = this.wave.twoWorkersAtWork(manager, sandbox, regions, "victim", "survivor");
			Wave.Worker victim = workers.get(0);
			long held = this.wave.partitionsRunBy(victim.id());
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
			this.wave.assertNoPartitionRanTwiceAtOnce();
			this.wave.assertEveryImageImportedOnce(sandbox);
		}
	}

	/**
	 * Ctrl-C on a worker that holds partitions: it stops them at their next chunk and hands them
	 * back ({@code RELEASED}) before it exits; the manager queues them again at once (no expiry to
	 * wait for) and the other worker does them.
	 */
	@Test
	void aWorkerStoppedByCtrlCHandsItsPartitionsBack() throws Exception {
		Path inventory = this.wave.inventory();
		try (SandboxServer sandbox = SandboxServer.start(Wave.scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess manager = this.wave.manager(sandbox, inventory);
			List<Wave.Worker> workers = this.wave.twoWorkersAtWork(manager, sandbox, regions, "leaving", "staying");
			Wave.Worker leaving = workers.get(0);
			long held = this.wave.partitionsRunBy(leaving.id());
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
			this.wave.assertNoPartitionRanTwiceAtOnce();
			this.wave.assertEveryImageImportedOnce(sandbox);
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
		Path inventory = this.wave.inventory();
		try (SandboxServer sandbox = SandboxServer.start(Wave.scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess first = this.wave.manager(sandbox, inventory);
			this.wave.twoWorkersAtWork(first, sandbox, regions, "one", "two");
			first.kill();
			List<String> leasesAtKill = leasesRunning();
			assertThat(leasesAtKill).as("partitions the workers hold at the kill").isNotEmpty();

			MigratorProcess local = MigratorProcess.importing(sandbox, inventory, this.ledger,
					this.dir.resolve("manager"), this.dir.resolve("local.out"));
			this.wave.processes().add(local);
			assertThat(local.exitCode(Duration.ofMinutes(2))).as(local.output()).isEqualTo(3);
			assertThat(local.output()).contains("workers are running", "continue it with the same command and --workers");

			MigratorProcess again = MigratorProcess.importing(sandbox, inventory, this.ledger,
					this.dir.resolve("manager"), this.dir.resolve("again.out"), this.wave.managerOptions());
			this.wave.processes().add(again);
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
			this.wave.assertNoPartitionRanTwiceAtOnce();
			this.wave.assertEveryImageImportedOnce(sandbox);
		}
	}

	/**
	 * Ctrl-C on the manager: requests no worker has claimed are withdrawn, the claimed partitions
	 * stop at their next chunk (the workers see the job execution stopping), the manager exits 130,
	 * and the same command later finishes the wave.
	 */
	@Test
	void aManagerStoppedByCtrlCWithdrawsItsRequestsAndTheSameCommandFinishes() throws Exception {
		Path inventory = this.wave.inventory();
		try (SandboxServer sandbox = SandboxServer.start(Wave.scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess first = this.wave.manager(sandbox, inventory);
			this.wave.twoWorkersAtWork(first, sandbox, regions, "one", "two");
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
					this.dir.resolve("manager"), this.dir.resolve("again.out"), this.wave.managerOptions());
			this.wave.processes().add(again);
			assertThat(again.exitCode(Duration.ofMinutes(4))).as(again.output()).isZero();
			this.wave.assertNoPartitionRanTwiceAtOnce();
			this.wave.assertEveryImageImportedOnce(sandbox);
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
		Path inventory = this.wave.inventory();
		try (SandboxServer sandbox = SandboxServer.start(Wave.scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess manager = this.wave.manager(sandbox, inventory);
			List<Wave.Worker> workers = this.wave.twoWorkersAtWork(manager, sandbox, regions, "one", "two");
			int dropped = TestBroker.dropConnectionsOf(manager.pid(), workers.get(0).process().pid(),
					workers.get(1).process().pid());
			assertThat(dropped).as("connections dropped").isEqualTo(3);
			regions.release();

			int exit = manager.exitCode(Duration.ofMinutes(4));
			assertThat(exit).as(manager.output()).isZero();
			String logs = Files.readString(this.dir.resolve("one/migrator.log"))
					+ Files.readString(this.dir.resolve("two/migrator.log"));
			assertThat(logs).as("a request delivered again while its partition was held").contains("nothing to run");
			this.wave.assertNoPartitionRanTwiceAtOnce();
			this.wave.assertEveryImageImportedOnce(sandbox);
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
