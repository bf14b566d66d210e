package io.ecsmigrator.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.ledger.RunRepository;
import io.ecsmigrator.sandbox.CallHold;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.Await;
import io.ecsmigrator.support.SandboxJob;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Preflight and submit run side by side: an image is sent as soon as it is verified, while preflight
 * still checks the others, and submit ends only once preflight has ended and everything verified is
 * sent. Preflight is held in the middle (OSS answers nothing more) to show it: ImportImage calls go
 * out for the images already verified while the others are still {@code PLANNED}.
 */
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=1h", "migrator.track.poll-interval=200ms" })
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PreflightBesideSubmitTests {

	private static final String HZ = "cn-hangzhou";

	private static final int IMAGES = 40;

	/** OSS requests answered before preflight is held: a bucket's location, then one read per qcow2 disk. */
	private static final int OSS_ANSWERED = 16;

	@RegisterExtension
	static final SandboxJob CLOUD = SandboxJob.start(Scenarios.scenario()
		.region(HZ)
		.imageQuota(1000)
		.snapshotQuota(10_000)
		.bucket("disks-hz", HZ)
		.object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
		.importSeconds(1)
		.seed(8)
		.build());

	@DynamicPropertySource
	static void cloud(DynamicPropertyRegistry registry) {
		CLOUD.register(registry);
	}

	@TempDir
	Path dir;

	@Autowired
	ImageRepository images;

	@Autowired
	RunRepository runs;

	@Test
	void imagesAreSentWhilePreflightStillChecksOthers() throws Exception {
		Path inventory = TestInventories.copiesOfOneDisk(this.dir.resolve("wave.csv"), "vm", IMAGES, HZ, "disks-hz",
				"web.qcow2");
		SandboxServer sandbox = CLOUD.sandbox();
		CallHold preflightHeld = sandbox.hold(SandboxServer.OSS, OSS_ANSWERED);

		CompletableFuture<RunOutcome> run = CompletableFuture.supplyAsync(() -> {
			try {
				return CLOUD.launch(inventory, new RunOptions(false, true, 4));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		Map<ImageStatus, Long> midway;
		try {
			assertThat(Await.until(() -> preflightHeld.held() > 0 && sandbox.counters().calls("ImportImage") > 0,
					Duration.ofSeconds(90)))
				.as("ImportImage sent while preflight is held").isTrue();
			midway = this.images.countByStatus(runIdOfTheOnlyRun());
		}
		finally {
			preflightHeld.release();
		}
		RunOutcome outcome = run.get(2, TimeUnit.MINUTES);

		assertThat(midway.getOrDefault(ImageStatus.PLANNED, 0L)).as("images still to check, midway: %s", midway)
			.isPositive();
		assertThat(midway.getOrDefault(ImageStatus.SUBMITTED, 0L) + midway.getOrDefault(ImageStatus.SUBMITTING, 0L)
				+ midway.getOrDefault(ImageStatus.AVAILABLE, 0L))
			.as("images sent, midway: %s", midway)
			.isPositive();
		assertThat(outcome.status()).as("%s", outcome.failures()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.images.countByStatus(outcome.runId()))
			.containsExactly(Map.entry(ImageStatus.AVAILABLE, (long) IMAGES));
		assertThat(sandbox.counters().createdImages().values()).as("each image imported once")
			.hasSize(IMAGES)
			.containsOnly(1L);
	}

	/** The run the test launched: the class's ledger holds no other. */
	private long runIdOfTheOnlyRun() {
		return this.runs.findLatest().orElseThrow().runId();
	}

}
