package io.ecsmigrator.job;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.SandboxJob;
import io.ecsmigrator.support.Scenarios;
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
 * ECS counts each API action per region and account, so a wave over three regions may call
 * ImportImage at each region's limit at once. The sandbox throttles ImportImage per region above
 * 11 calls a second; the migrator is configured at 10 a second (the cloud's limit 10% above it, as
 * an operator leaves room for timing jitter): no call is throttled, and the three regions together
 * go faster than any one region's limit.
 */
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=1h", "migrator.track.poll-interval=200ms",
				"migrator.rate.ImportImage=10" })
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RegionalPaceTests {

	static final List<String> REGIONS = List.of("cn-hangzhou", "cn-shanghai", "cn-beijing");

	static final int IMAGES_PER_REGION = 30;

	static final int CLOUD_LIMIT = 11;

	@RegisterExtension
	static final SandboxJob CLOUD = SandboxJob.start(scenario());

	private static Scenario scenario() {
		Scenarios scenario = Scenarios.scenario();
		for (String region : REGIONS) {
			scenario.region(region).imageQuota(1000).snapshotQuota(10_000);
			scenario.bucket("disks-" + region, region).object("web.qcow2", Scenario.DiskKind.QCOW2, 40);
		}
		return scenario.importSeconds(1).seed(3L).rateLimit("ImportImage", CLOUD_LIMIT).ecsLatency(20).build();
	}

	@TempDir
	Path dir;

	@Autowired
	ImageRepository images;

	@DynamicPropertySource
	static void cloud(DynamicPropertyRegistry registry) {
		CLOUD.register(registry);
	}

	@Test
	void threeRegionsAtTheirOwnLimitsDrawNoThrottling() throws Exception {
		Path file = this.dir.resolve("three-regions.csv");
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("image_name,region,oss_bucket,oss_object\n");
			for (int i = 1; i <= IMAGES_PER_REGION; i++) {
				for (String region : REGIONS) {
					out.write("vm-%s-%03d,%s,disks-%s,web.qcow2\n".formatted(region, i, region, region));
				}
			}
		}

		RunOutcome outcome = CLOUD.launch(file, new RunOptions(false, true, 8));

		assertThat(outcome.status()).as("%s", outcome.failures()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.images.countByStatus(outcome.runId()))
			.containsExactly(Map.entry(ImageStatus.AVAILABLE, (long) IMAGES_PER_REGION * REGIONS.size()));
		assertThat(CLOUD.sandbox().counters().throttled()).as("no Throttling answer in any region").isEmpty();
		for (String region : REGIONS) {
			assertThat(CLOUD.sandbox().counters().calls("ImportImage", region)).isEqualTo(IMAGES_PER_REGION);
		}
		assertThat(CLOUD.sandbox().counters().peakRate("ImportImage"))
			.as("the regions were paced apart, not as one: more calls a second than one region's limit")
			.isGreaterThan(CLOUD_LIMIT);
	}

}
