package io.ecsmigrator.job;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.sandbox.Scenario;
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
 * The sandbox answers a fifth of all calls with 503 or 500, throttles ImportImage and DescribeImages
 * beyond their rates, and loses 5% of ImportImage answers after doing the work: every image still
 * ends AVAILABLE, and no name was imported twice.
 */
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=1h", "migrator.track.poll-interval=200ms",
				"migrator.retry.max-attempts=12", "migrator.retry.base=5ms", "migrator.retry.max=100ms",
				"migrator.ecs.read-timeout=2s" })
@Timeout(value = 10, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class ImportFaultTests {

	static final int IMAGES = 80;

	@RegisterExtension
	static final SandboxJob CLOUD = SandboxJob.start(scenario());

	@TempDir
	Path dir;

	@Autowired
	ImageRepository images;

	private static Scenario scenario() {
		return Scenarios.scenario().region("cn-hangzhou").imageQuota(1000).snapshotQuota(10_000)
			.bucket("disks-hz", "cn-hangzhou").object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.importSeconds(1).seed(11L).rateLimit("ImportImage", 5).rateLimit("DescribeImages", 20)
			.errorRate(0.2).lostResponseRate(0.05).build();
	}

	@DynamicPropertySource
	static void cloud(DynamicPropertyRegistry registry) {
		CLOUD.register(registry);
	}

	@Test
	void everyImageEndsAvailableDespiteErrorsThrottlingAndLostAnswers() throws Exception {
		Path file = TestInventories.copiesOfOneDisk(this.dir.resolve("faulty.csv"), "img", IMAGES,
				"cn-hangzhou", "disks-hz", "web.qcow2");

		RunOutcome outcome = CLOUD.launch(file, new RunOptions(false, true, 8));

		assertThat(outcome.status()).as("%s", outcome.failures()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.images.countByStatus(outcome.runId())).containsExactly(Map.entry(ImageStatus.AVAILABLE, (long) IMAGES));
		Map<String, Long> created = CLOUD.sandbox().counters().createdImages();
		assertThat(created).hasSize(IMAGES);
		assertThat(created.values()).as("one image per name: nothing imported twice").containsOnly(1L);
		assertThat(CLOUD.sandbox().counters().faults().keySet()).as("the faults did happen: %s", CLOUD.sandbox().counters().faults())
			.anyMatch(kind -> kind.contains("ImportImage") && kind.contains("Lost"))
			.anyMatch(kind -> kind.contains("ServiceUnavailable") || kind.contains("InternalError"));
	}

}
