package io.ecsmigrator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
 * Ctrl-C as the operator gives it: a real SIGINT to a migrator in a child JVM, at a moment the
 * sandbox names (calls held, imports frozen), not one guessed from timing. The first Ctrl-C stops
 * the run cleanly (exit 130, the summary, the report, the ledger's database closed only after the
 * run ended); the second stops at once. Either way ONE launch of the same command then finishes the
 * run, and no image is imported twice.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CtrlCTests {

	private static final int IMAGES = 40;

	/** ImportImage calls answered before the sandbox holds the rest: twice this. */
	private static final int CHUNK = 10;

	private static final int SUBMIT_THREADS = 4;

	private static final String[] OPTIONS = { "--migrator.submit.threads=" + SUBMIT_THREADS,
			"--migrator.rate.ImportImage=50" };

	@TempDir
	Path dir;

	@Test
	void ctrlCInSubmitLetsTheCallsSentBeAnsweredSendsNoMoreAndEndsWithTheSummaryAndTheReport() throws Exception {
		Ledger ledger = h2();
		Path inventory = inventory();
		try (SandboxServer sandbox = SandboxServer.start(scenario(2), 0)) {
			CallHold hold = sandbox.hold("ImportImage", 2 * CHUNK);
			MigratorProcess first = start(sandbox, inventory, ledger, "first.out");
			awaitHeldCalls(first, hold);

			first.interrupt();
			assertThat(first.awaitWhileAlive(() -> first.output().contains("Stopping (Ctrl-C)"), Duration.ofMinutes(1)))
				.as(first.output())
				.isTrue();
			// the answers of the calls already sent come while the migrator stops
			hold.release();
			int exit = first.exitCode(Duration.ofMinutes(2));
			String output = first.output();
			assertThat(exit).as(output).isEqualTo(ExitCodes.INTERRUPTED);
			assertThat(output).contains("inventory lines", "Report: ", "stopped by Ctrl-C",
					"Run the same command to continue where it stopped", "submit: STOPPED after");
			assertThat(output).doesNotContain("Exception");
			assertThat(sandbox.counters().createdImages()).as("no call was sent after Ctrl-C")
				.hasSize(2 * CHUNK + SUBMIT_THREADS);
			assertThat(ledger.imagesByStatus()).as("the answered calls are recorded; the rest waits, unsent")
				.containsOnly(Map.entry("SUBMITTED", (long) 2 * CHUNK + SUBMIT_THREADS),
						Map.entry("VERIFIED", (long) IMAGES - 2 * CHUNK - SUBMIT_THREADS));
			assertThat(ledger.single("SELECT COUNT(*) FROM batch_job_execution WHERE status = 'STOPPED'"))
				.as("the execution ended STOPPED, restartable")
				.isEqualTo(1);
			assertReportAndNoDatabaseClosedUnderTheRun();

			relaunchFinishes(sandbox, inventory, ledger);
		}
		assertThat(ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) IMAGES));
	}

	/** {@code kill}, systemd's or docker's stop: SIGTERM stops as the first Ctrl-C does, with exit 143. */
	@Test
	void sigtermStopsAsTheFirstCtrlCDoesWithExit143() throws Exception {
		Ledger ledger = h2();
		Path inventory = inventory();
		try (SandboxServer sandbox = SandboxServer.start(scenario(2), 0)) {
			CallHold hold = sandbox.hold("ImportImage", 2 * CHUNK);
			MigratorProcess first = start(sandbox, inventory, ledger, "first.out");
			awaitHeldCalls(first, hold);

			first.terminate();
			assertThat(first.awaitWhileAlive(() -> first.output().contains("Stopping (SIGTERM)"), Duration.ofMinutes(1)))
				.as("the context is not closed under the run: it stops cleanly\n%s", first.output())
				.isTrue();
			hold.release();
			int exit = first.exitCode(Duration.ofMinutes(2));
			String output = first.output();
			assertThat(exit).as(output).isEqualTo(ExitCodes.TERMINATED);
			assertThat(output).contains("Report: ", "stopped by SIGTERM",
					"Run the same command to continue where it stopped", "submit: STOPPED after");
			assertThat(output).doesNotContain("Exception");
			assertThat(sandbox.counters().createdImages()).as("no call was sent after SIGTERM")
				.hasSize(2 * CHUNK + SUBMIT_THREADS);
			assertThat(ledger.single("SELECT COUNT(*) FROM batch_job_execution WHERE status = 'STOPPED'"))
				.isEqualTo(1);
			assertReportAndNoDatabaseClosedUnderTheRun();

			relaunchFinishes(sandbox, inventory, ledger);
		}
		assertThat(ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) IMAGES));
	}

	/**
	 * Ctrl-C while preflight checks, submit beside it: the partitions stop, and of the images checked
	 * before the stop, those sent are answered and recorded; nothing is sent unrecorded, and the rest
	 * waits for the next launch.
	 */
	@Test
	void ctrlCInPreflightStopsThePartitionsAndLeavesNothingSentUnrecorded() throws Exception {
		Ledger ledger = h2();
		Path inventory = inventory();
		try (SandboxServer sandbox = SandboxServer.start(scenario(2), 0)) {
			// a few images checked, then the checks' OSS reads wait
			CallHold hold = sandbox.hold(SandboxServer.OSS, 30);
			MigratorProcess first = start(sandbox, inventory, ledger, "first.out");
			assertThat(first.awaitWhileAlive(() -> hold.held() > 0, Duration.ofMinutes(2))).as(first.output()).isTrue();

			first.interrupt();
			assertThat(first.awaitWhileAlive(() -> first.output().contains("Stopping (Ctrl-C)"), Duration.ofMinutes(1)))
				.as(first.output())
				.isTrue();
			hold.release();
			int exit = first.exitCode(Duration.ofMinutes(2));
			String output = first.output();
			assertThat(exit).as(output).isEqualTo(ExitCodes.INTERRUPTED);
			assertThat(output).contains("Report: ", "stopped by Ctrl-C", "preflight: STOPPED after")
				.doesNotContain("Exception");
			Map<String, Long> atStop = ledger.imagesByStatus();
			assertThat(atStop.get("PLANNED")).as("images left to check: %s", atStop).isPositive();
			assertThat(atStop.getOrDefault("SUBMITTED", 0L)).as("every image the cloud received is recorded: %s", atStop)
				.isEqualTo(sandbox.counters().createdImages().size());
			assertThat(atStop).as("no intent left without its answer").doesNotContainKey("SUBMITTING");
			assertThat(ledger.single("SELECT COUNT(*) FROM batch_job_execution WHERE status = 'STOPPED'"))
				.isEqualTo(1);
			assertReportAndNoDatabaseClosedUnderTheRun();

			relaunchFinishes(sandbox, inventory, ledger);
		}
		assertThat(ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) IMAGES));
	}

	@Test
	void ctrlCWhileTrackWaitsStopsAtOnceBetweenLooks() throws Exception {
		Ledger ledger = h2();
		Path inventory = inventory();
		MutableClock cloudClock = new MutableClock();
		try (SandboxServer sandbox = SandboxServer.start(scenario(60), 0, cloudClock)) {
			MigratorProcess first = start(sandbox, inventory, ledger, "first.out");
			// the cloud's clock stands still: the imports run until the test moves it, and track waits
			assertThat(first.awaitWhileAlive(
					() -> first.output().lines().anyMatch(line -> line.startsWith("track: ")), Duration.ofMinutes(2)))
				.as(first.output())
				.isTrue();

			first.interrupt();
			int exit = first.exitCode(Duration.ofMinutes(1));
			String output = first.output();
			assertThat(exit).as(output).isEqualTo(ExitCodes.INTERRUPTED);
			assertThat(output).contains("track: STOPPED after 0 committed", "Report: ",
					"%d import(s) still running in ECS".formatted(IMAGES), "stopped by Ctrl-C");
			assertThat(ledger.imagesByStatus()).containsExactly(Map.entry("SUBMITTED", (long) IMAGES));
			assertThat(ledger.single("SELECT COUNT(*) FROM batch_job_execution WHERE status = 'STOPPED'"))
				.isEqualTo(1);
			assertReportAndNoDatabaseClosedUnderTheRun();

			cloudClock.advance(Duration.ofSeconds(61));
			relaunchFinishes(sandbox, inventory, ledger);
		}
		assertThat(ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) IMAGES));
	}

	@Test
	void aSecondCtrlCStopsAtOnceAndTheNextLaunchReconcilesWhatWasLeftOpen() throws Exception {
		Ledger ledger = h2();
		Path inventory = inventory();
		try (SandboxServer sandbox = SandboxServer.start(scenario(2), 0)) {
			CallHold hold = sandbox.hold("ImportImage", 2 * CHUNK);
			MigratorProcess first = start(sandbox, inventory, ledger, "first.out");
			awaitHeldCalls(first, hold);

			first.interrupt();
			assertThat(first.awaitWhileAlive(() -> first.output().contains("Stopping (Ctrl-C)"), Duration.ofMinutes(1)))
				.as(first.output())
				.isTrue();
			// the held calls never answer: only the second Ctrl-C ends the wait
			first.interrupt();
			int exit = first.exitCode(Duration.ofMinutes(1));
			assertThat(exit).as(first.output()).isEqualTo(ExitCodes.INTERRUPTED);
			assertThat(first.output()).contains("Stopped at once (second Ctrl-C)", "Run the same command to continue");
			assertThat(ledger.imagesByStatus()).as("left as a crash leaves it")
				.containsEntry("SUBMITTING", (long) SUBMIT_THREADS);

			// the cloud carries out the calls whose answers the migrator did not wait for
			hold.release();
			assertThat(hold.awaitSettled(30, TimeUnit.SECONDS)).isTrue();
			relaunchFinishes(sandbox, inventory, ledger);
		}
		assertThat(ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) IMAGES));
	}

	@Test
	void callsUnansweredPastTheGraceEndTheWaitAsASecondCtrlCWould() throws Exception {
		Ledger ledger = h2();
		Path inventory = inventory();
		try (SandboxServer sandbox = SandboxServer.start(scenario(2), 0)) {
			CallHold hold = sandbox.hold("ImportImage", 2 * CHUNK);
			MigratorProcess first = MigratorProcess.importing(sandbox, inventory, ledger, this.dir.resolve("data"),
					this.dir.resolve("first.out"), OPTIONS[0], OPTIONS[1], "--migrator.shutdown.grace=2s");
			awaitHeldCalls(first, hold);

			// the held calls never answer
			first.interrupt();
			int exit = first.exitCode(Duration.ofMinutes(1));
			assertThat(exit).as(first.output()).isEqualTo(ExitCodes.INTERRUPTED);
			assertThat(first.output()).contains("at most 2s (migrator.shutdown.grace)",
					"did not stop within migrator.shutdown.grace (2s): stopped at once",
					"Run the same command to continue");
			assertThat(ledger.imagesByStatus()).containsEntry("SUBMITTING", (long) SUBMIT_THREADS);

			hold.drop();
			assertThat(hold.awaitSettled(30, TimeUnit.SECONDS)).isTrue();
			relaunchFinishes(sandbox, inventory, ledger);
		}
		assertThat(ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) IMAGES));
	}

	private Ledger h2() {
		return new Ledger("jdbc:h2:file:" + this.dir.resolve("data/ledger") + TestDatabases.H2_OPTIONS, "");
	}

	private Path inventory() throws IOException {
		return TestInventories.copiesOfOneDisk(this.dir.resolve("wave.csv"), "vm", IMAGES, "cn-hangzhou", "disks-hz",
				"web.qcow2");
	}

	private static Scenario scenario(int importSeconds) {
		return Scenarios.scenario()
			.region("cn-hangzhou")
			.imageQuota(10_000)
			.snapshotQuota(100_000)
			.bucket("disks-hz", "cn-hangzhou")
			.object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.importSeconds(importSeconds)
			.seed(5)
			.build();
	}

	private MigratorProcess start(SandboxServer sandbox, Path inventory, Ledger ledger, String output)
			throws IOException {
		return MigratorProcess.importing(sandbox, inventory, ledger, this.dir.resolve("data"), this.dir.resolve(output),
				OPTIONS);
	}

	/** Two submit chunks committed, the third chunk's first calls sent and unanswered. */
	private static void awaitHeldCalls(MigratorProcess process, CallHold hold) throws InterruptedException {
		assertThat(process.awaitWhileAlive(() -> hold.held() == SUBMIT_THREADS, Duration.ofMinutes(2)))
			.as("the migrator reached the third submit chunk:\n%s", process.output())
			.isTrue();
	}

	private void assertReportAndNoDatabaseClosedUnderTheRun() throws IOException {
		Path reports = this.dir.resolve("data/reports");
		List<Path> written;
		try (Stream<Path> files = Files.list(reports)) {
			written = files.toList();
		}
		assertThat(written).hasSize(1);
		assertThat(Files.readAllLines(written.get(0))).as("a header and every image").hasSize(IMAGES + 1);
		Path trace = this.dir.resolve("data/ledger.trace.db");
		if (Files.exists(trace)) {
			assertThat(Files.readString(trace)).doesNotContain("Database is already closed");
		}
	}

	private void relaunchFinishes(SandboxServer sandbox, Path inventory, Ledger ledger) throws Exception {
		MigratorProcess again = start(sandbox, inventory, ledger, "again.out");
		int exit = again.exitCode(Duration.ofMinutes(3));
		assertThat(exit).as(again.output()).isZero();
		Map<String, Long> created = sandbox.counters().createdImages();
		assertThat(created).hasSize(IMAGES);
		assertThat(created.values()).as("no image was imported twice").containsOnly(1L);
	}

}
