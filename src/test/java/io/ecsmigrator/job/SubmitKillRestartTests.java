package io.ecsmigrator.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.sandbox.CallHold;
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
 * A migrator killed in submit at a moment the ledger names: the first calls' outcomes committed
 * ({@code SUBMITTED}), the next intents written and their ImportImage calls unanswered
 * ({@code SUBMITTING}), the rest not yet sent ({@code VERIFIED}, or {@code PLANNED} while preflight,
 * beside submit, still checks them). The sandbox holds the calls after
 * the first {@value #ANSWERED}, so the moment does not depend on timing; submit commits each outcome
 * as soon as it has it, so every answered call's outcome is in the ledger at the kill. ONE launch of the same command then finishes the run: every
 * intent is reconciled (adopted when its call was carried out, sent when it was not), the rest is
 * sent and followed to the end, exit 0, and no image is imported twice.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SubmitKillRestartTests {

	private static final int IMAGES = 60;

	/** Calls the sandbox answers before it holds the rest. */
	private static final int ANSWERED = 20;

	private static final int SUBMIT_THREADS = 4;

	@TempDir
	Path dir;

	@Test
	void killedWithIntentsWhoseCallsWereCarriedOutThenOneLaunchFinishesOnH2() throws Exception {
		killInSubmitAndRelaunchOnce(h2(), true);
	}

	@Test
	void killedWithIntentsWhoseCallsNeverArrivedThenOneLaunchFinishesOnH2() throws Exception {
		killInSubmitAndRelaunchOnce(h2(), false);
	}

	@Test
	void killedWithIntentsWhoseCallsWereCarriedOutThenOneLaunchFinishesOnPostgres() throws Exception {
		TestDatabases.assumePostgres();
		killInSubmitAndRelaunchOnce(new Ledger(TestDatabases.newPostgresSchema(), TestDatabases.postgresUser()), true);
	}

	@Test
	void killedWithIntentsWhoseCallsNeverArrivedThenOneLaunchFinishesOnPostgres() throws Exception {
		TestDatabases.assumePostgres();
		killInSubmitAndRelaunchOnce(new Ledger(TestDatabases.newPostgresSchema(), TestDatabases.postgresUser()),
				false);
	}

	private Ledger h2() {
		return new Ledger("jdbc:h2:file:" + this.dir.resolve("data/ledger") + TestDatabases.H2_OPTIONS, "");
	}

	/**
	 * @param carriedOut whether the held calls are carried out after the kill (the cloud made the
	 * images, their answers were lost) or dropped (they never reached the cloud)
	 */
	private void killInSubmitAndRelaunchOnce(Ledger ledger, boolean carriedOut) throws Exception {
		Scenario scenario = Scenarios.scenario()
			.region("cn-hangzhou")
			.imageQuota(10_000)
			.snapshotQuota(100_000)
			.bucket("disks-hz", "cn-hangzhou")
			.object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.importSeconds(2)
			.seed(5)
			.build();
		Path inventory = TestInventories.copiesOfOneDisk(this.dir.resolve("wave.csv"), "vm", IMAGES, "cn-hangzhou",
				"disks-hz", "web.qcow2");
		String[] options = { "--migrator.submit.threads=" + SUBMIT_THREADS,
				"--migrator.rate.ImportImage=50" };
		try (SandboxServer sandbox = SandboxServer.start(scenario, 0)) {
			CallHold hold = sandbox.hold("ImportImage", ANSWERED);
			MigratorProcess first = MigratorProcess.importing(sandbox, inventory, ledger, this.dir.resolve("data"),
					this.dir.resolve("first.out"), options);
			assertThat(first.awaitWhileAlive(() -> hold.held() == SUBMIT_THREADS, Duration.ofMinutes(2)))
				.as("the migrator has every sender waiting on a held call:\n%s", first.output())
				.isTrue();
			first.kill();
			Map<String, Long> atKill = ledger.imagesByStatus();
			assertThat(atKill).as("killed with committed, pending and unsent images at once; the migrator said:\n%s\n"
					+ "its calls: %s\nthe sandbox: %s", first.output(), ledger.cloudCalls(), sandbox.counters().all())
				.containsEntry("SUBMITTED", (long) ANSWERED)
				.containsEntry("SUBMITTING", (long) SUBMIT_THREADS);
			// not yet sent: verified, or still being checked by preflight, which runs beside submit
			assertThat(atKill.getOrDefault("VERIFIED", 0L) + atKill.getOrDefault("PLANNED", 0L))
				.isEqualTo(IMAGES - ANSWERED - SUBMIT_THREADS);
			if (carriedOut) {
				hold.release();
			}
			else {
				hold.drop();
			}
			assertThat(hold.awaitSettled(30, TimeUnit.SECONDS)).isTrue();
			assertThat(sandbox.counters().createdImages()).hasSize(ANSWERED + (carriedOut ? SUBMIT_THREADS : 0));

			MigratorProcess again = MigratorProcess.importing(sandbox, inventory, ledger, this.dir.resolve("data"),
					this.dir.resolve("again.out"), options);
			int exit = again.exitCode(Duration.ofMinutes(3));
			String output = again.output();
			assertThat(exit).as(output).isZero();
			assertThat(output).doesNotContain("timeout", "still running");
			// the estimate counts what this launch has left: the pending intents and the unsent images
			int left = IMAGES - ANSWERED;
			assertThat(output).contains("submit: %d done in".formatted(left));
			assertThat(java.util.regex.Pattern.compile("submit: \\d+ of ~(\\d+)").matcher(output).results())
				.allSatisfy(estimate -> assertThat(estimate.group(1)).isEqualTo(String.valueOf(left)));

			Map<String, Long> created = sandbox.counters().createdImages();
			assertThat(created).hasSize(IMAGES);
			assertThat(created.values()).as("no image was imported twice").containsOnly(1L);
		}
		assertThat(ledger.imagesByStatus()).containsExactly(Map.entry("AVAILABLE", (long) IMAGES));
	}

}
