package io.ecsmigrator.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.ecsmigrator.sandbox.CallHold;
import io.ecsmigrator.sandbox.MutableClock;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.MigratorProcess;
import io.ecsmigrator.support.MigratorProcess.Ledger;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestDatabases;
import io.ecsmigrator.support.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real migrator process importing 500 images is killed with SIGKILL ten times: three times while
 * preflight and submit run side by side (preflight held, submit sending what it verified), four in
 * submit and three in track, each at a moment the ledger names, then the same
 * command is run ONCE more and must finish the run by itself. The sandbox lives in this JVM, so it
 * outlives every kill and counts what was imported: at the end every image is AVAILABLE, none was
 * created twice, and every inventory line is in the report.
 * <p>
 * The moments come from the sandbox, not from timing: it holds the calls of one action after a
 * number of them (drawn from a seeded random; {@code -Dmigrator.test.seed=N} replays a run), the
 * test waits until the migrator is stuck there and kills it, then checks that the ledger holds the
 * state the kill point promises, so an early or late kill cannot pass unnoticed.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ImportKillRestartTests {

	private static final int IMAGES = 500;

	/** ImportImage calls answered before a hold in submit: a multiple of this. */
	private static final int ANSWERED = 20;

	/** Preflight's OSS requests for a one-disk qcow2 image: the first bytes' range says it all. */
	private static final int OSS_REQUESTS_PER_IMAGE = 1;

	/**
	 * An import's length on the sandbox's clock, which stands still until the last launch: the
	 * imports are still running at the three kills in track however slow the machine is.
	 */
	private static final int IMPORT_SECONDS = 5;

	/** Where the migrator is when it is killed, and what the ledger then holds. */
	enum KillPoint {

		/**
		 * Preflight held in the middle while submit, beside it, sends what it verified: some images
		 * still to check, some sent.
		 */
		OVERLAP,
		/** Intents written ({@code SUBMITTING}), their ImportImage calls unanswered. */
		SUBMIT_INTENTS,
		/** Some outcomes committed ({@code SUBMITTED}), later intents pending, more to send. */
		SUBMIT_LATER_CALLS,
		/** Every image sent; track follows the imports, some of which still run. */
		TRACK

	}

	private static final List<KillPoint> KILLS = List.of(KillPoint.OVERLAP, KillPoint.OVERLAP,
			KillPoint.OVERLAP, KillPoint.SUBMIT_INTENTS, KillPoint.SUBMIT_LATER_CALLS, KillPoint.SUBMIT_INTENTS,
			KillPoint.SUBMIT_LATER_CALLS, KillPoint.TRACK, KillPoint.TRACK, KillPoint.TRACK);

	@TempDir
	Path dir;

	@Test
	void killedTenTimesOnH2ThenOneLaunchFinishes() throws Exception {
		killAndRestart(new Ledger("jdbc:h2:file:" + this.dir.resolve("data/ledger") + TestDatabases.H2_OPTIONS, ""));
	}

	@Test
	void killedTenTimesOnPostgresThenOneLaunchFinishes() throws Exception {
		TestDatabases.assumePostgres();
		killAndRestart(new Ledger(TestDatabases.newPostgresSchema(), TestDatabases.postgresUser()));
	}

	private void killAndRestart(Ledger ledger) throws Exception {
		long seed = Long.getLong("migrator.test.seed", System.nanoTime());
		System.out.println("ImportKillRestartTests seed: " + seed + " (replay with -Dmigrator.test.seed=" + seed + ")");
		Random random = new Random(seed);
		Scenario scenario = Scenarios.scenario()
			.region("cn-hangzhou")
			.imageQuota(10_000)
			.snapshotQuota(100_000)
			.bucket("disks-hz", "cn-hangzhou")
			.object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.importSeconds(IMPORT_SECONDS)
			.seed(5)
			.ecsLatency(5)
			.ossLatency(5)
			.build();
		Path inventory = TestInventories.copiesOfOneDisk(this.dir.resolve("wave.csv"), "vm", IMAGES,
				"cn-hangzhou", "disks-hz", "web.qcow2");
		Path report = this.dir.resolve("report.csv");
		// imports run until the last launch here, so the in-flight cap must not be what paces the wave
		String[] options = { "--threads", "8", "--report", report.toString(), "--migrator.rate.ImportImage=60",
				"--migrator.submit.max-in-flight-per-region=" + IMAGES };

		MutableClock cloudClock = new MutableClock();
		try (SandboxServer sandbox = SandboxServer.start(scenario, 0, cloudClock)) {
			List<String> killed = new ArrayList<>();
			for (int n = 0; n < KILLS.size(); n++) {
				KillPoint point = KILLS.get(n);
				CallHold hold = switch (point) {
					case OVERLAP -> sandbox.hold(SandboxServer.OSS, OSS_REQUESTS_PER_IMAGE * (100 + random.nextInt(40)));
					case SUBMIT_INTENTS -> sandbox.hold("ImportImage", 0);
					case SUBMIT_LATER_CALLS -> sandbox.hold("ImportImage", ANSWERED * (1 + random.nextInt(3)));
					case TRACK -> null;
				};
				MigratorProcess process = MigratorProcess.importing(sandbox, inventory, ledger,
						this.dir.resolve("data"), this.dir.resolve("run-" + n + ".out"), options);
				if (point == KillPoint.TRACK) {
					assertThat(process.awaitWhileAlive(
							() -> sandbox.counters().createdImages().size() == IMAGES
									&& process.output().lines().anyMatch(line -> line.startsWith("track: ")),
							Duration.ofMinutes(2)))
						.as("kill %d: the run reached track:\n%s", n, process.output())
						.isTrue();
					hold = sandbox.hold("DescribeImages", random.nextInt(5));
				}
				CallHold stuck = hold;
				long importsBefore = sandbox.counters().calls("ImportImage");
				// in the overlap, the kill waits for submit to send while preflight is held
				BooleanSupplier sending = () -> point != KillPoint.OVERLAP
						|| sandbox.counters().calls("ImportImage") > importsBefore;
				assertThat(process.awaitWhileAlive(() -> stuck.held() > 0 && sending.getAsBoolean(),
						Duration.ofMinutes(2)))
					.as("kill %d (%s): the run reached the kill point:\n%s", n, point, process.output())
					.isTrue();
				process.kill();
				Map<String, Long> state = ledger.imagesByStatus();
				killed.add(point + " " + state);
				assertKilledAt(point, state, n);
				// a held ImportImage was either carried out (its answer lost with the process) or never arrived
				if (point == KillPoint.TRACK || point == KillPoint.OVERLAP || random.nextBoolean()) {
					hold.release();
				}
				else {
					hold.drop();
				}
				assertThat(hold.awaitSettled(30, TimeUnit.SECONDS)).isTrue();
			}
			System.out.println("killed at: " + String.join("; ", killed));
			cloudClock.advance(java.time.Duration.ofSeconds(IMPORT_SECONDS + 1)); // every import ends now

			MigratorProcess last = MigratorProcess.importing(sandbox, inventory, ledger, this.dir.resolve("data"),
					this.dir.resolve("last.out"), options);
			int exit = last.exitCode(Duration.ofMinutes(4));
			assertThat(exit).as("ONE launch after the last kill finishes the run:\n%s", last.output()).isZero();

			Map<String, Long> created = sandbox.counters().createdImages();
			assertThat(created).hasSize(IMAGES);
			assertThat(created.values()).as("no image was imported twice").containsOnly(1L);
		}
		assertThat(ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) IMAGES));
		assertThat(ledger.single("SELECT COUNT(*) FROM batch_job_instance")).isEqualTo(1);
		List<String> rows = Files.readAllLines(report);
		assertThat(rows).hasSize(IMAGES + 1);
		Set<String> lines = new HashSet<>();
		rows.stream().skip(1).forEach(row -> lines.add(row.split(",")[2]));
		assertThat(lines).as("every inventory line is in the report").hasSize(IMAGES);
	}

	private static void assertKilledAt(KillPoint point, Map<String, Long> state, int n) {
		long planned = state.getOrDefault("PLANNED", 0L);
		long verified = state.getOrDefault("VERIFIED", 0L);
		long submitting = state.getOrDefault("SUBMITTING", 0L);
		long submitted = state.getOrDefault("SUBMITTED", 0L);
		boolean there = switch (point) {
			case OVERLAP -> planned > 0 && submitting + submitted > 0;
			// images still to send: verified, or still to be checked by preflight beside submit
			case SUBMIT_INTENTS -> submitting > 0 && verified + planned > 0;
			case SUBMIT_LATER_CALLS -> submitted > 0 && submitting > 0 && verified + planned > 0;
			case TRACK -> submitted > 0 && planned + verified + submitting == 0;
		};
		assertThat(there).as("kill %d (%s): the ledger at the kill: %s", n, point, state).isTrue();
	}

}
