package io.ecsmigrator.job;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.inventory.InventoryFileInspector;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
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
				"migrator.rate.ImportImage=10", "migrator.submit.chunk-size=30" })
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RegionalPaceTests {

	static final List<String> REGIONS = List.of("cn-hangzhou", "cn-shanghai", "cn-beijing");

	static final int IMAGES_PER_REGION = 30;

	static final int CLOUD_LIMIT = 11;

	static final SandboxServer SANDBOX = SandboxCloud.start(new Scenario(null, null,
			REGIONS.stream().map(region -> new Scenario.Region(region, null, 1000, 10_000, null)).toList(),
			REGIONS.stream()
				.map(region -> new Scenario.Bucket("disks-" + region, region,
						List.of(new Scenario.DiskObject("web.qcow2", Scenario.DiskKind.QCOW2, 40))))
				.toList(),
			1, 3L, new Scenario.Faults(Map.of("ImportImage", CLOUD_LIMIT), 0.0, 20, 0, 0.0, 0)));

	@TempDir
	Path dir;

	@Autowired
	RunLauncher launcher;

	@Autowired
	@Qualifier("importJob")
	Job importJob;

	@Autowired
	ImageRepository images;

	@DynamicPropertySource
	static void cloud(DynamicPropertyRegistry registry) {
		SandboxCloud.register(registry, SANDBOX);
		TestDatabases.registerH2(registry);
	}

	@BeforeAll
	static void credentials() {
		SandboxCloud.useCredentials("testAK", "testSecret");
	}

	@AfterAll
	static void stop() {
		SandboxCloud.clearCredentials();
		SANDBOX.close();
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

		RunOutcome outcome = this.launcher.launch(this.importJob, new InventoryFileInspector().inspect(file),
				new RunOptions(false, true, 8));

		assertThat(outcome.status()).as("%s", outcome.failures()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.images.countByStatus(outcome.runId()))
			.containsExactly(Map.entry(ImageStatus.AVAILABLE, (long) IMAGES_PER_REGION * REGIONS.size()));
		assertThat(SANDBOX.counters().throttled()).as("no Throttling answer in any region").isEmpty();
		for (String region : REGIONS) {
			assertThat(SANDBOX.counters().calls("ImportImage", region)).isEqualTo(IMAGES_PER_REGION);
		}
		assertThat(SANDBOX.counters().peakRate("ImportImage"))
			.as("the regions were paced apart, not as one: more calls a second than one region's limit")
			.isGreaterThan(CLOUD_LIMIT);
	}

}
