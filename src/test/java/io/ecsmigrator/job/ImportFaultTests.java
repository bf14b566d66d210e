package io.ecsmigrator.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.inventory.InventoryFileInspector;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.TestDatabases;
import io.ecsmigrator.support.TestInventories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * The sandbox answers a fifth of all calls with 503 or 500, throttles ImportImage and DescribeImages
 * beyond their rates, and loses 5% of ImportImage answers after doing the work: every image still
 * ends AVAILABLE, and no name was imported twice.
 */
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=1h", "migrator.track.poll-interval=200ms",
				"migrator.retry.max-attempts=12", "migrator.retry.base=5ms", "migrator.retry.max=100ms",
				"migrator.ecs.read-timeout=2s" })
class ImportFaultTests {

	static final int IMAGES = 80;

	static final SandboxServer SANDBOX = startSandbox();

	@TempDir
	Path dir;

	@Autowired
	RunLauncher launcher;

	@Autowired
	@Qualifier("importJob")
	Job importJob;

	@Autowired
	ImageRepository images;

	private static SandboxServer startSandbox() {
		Scenario scenario = new Scenario(null, null, List.of(new Scenario.Region("cn-hangzhou", null, 1000, 10_000, null)),
				List.of(new Scenario.Bucket("disks-hz", "cn-hangzhou",
						List.of(new Scenario.DiskObject("web.qcow2", Scenario.DiskKind.QCOW2, 40)))),
				1, 11L, new Scenario.Faults(Map.of("ImportImage", 5, "DescribeImages", 20), 0.2, 0, 0, 0.05, 0));
		return SandboxCloud.start(scenario);
	}

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
	void everyImageEndsAvailableDespiteErrorsThrottlingAndLostAnswers() throws Exception {
		Path file = TestInventories.copiesOfOneDisk(this.dir.resolve("faulty.csv"), "img", IMAGES,
				"cn-hangzhou", "disks-hz", "web.qcow2");

		RunOutcome outcome = this.launcher.launch(this.importJob, new InventoryFileInspector().inspect(file),
				new RunOptions(false, true, 8));

		assertThat(outcome.status()).as("%s", outcome.failures()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.images.countByStatus(outcome.runId())).containsExactly(Map.entry(ImageStatus.AVAILABLE, (long) IMAGES));
		Map<String, Long> created = SANDBOX.counters().createdImages();
		assertThat(created).hasSize(IMAGES);
		assertThat(created.values()).as("one image per name: nothing imported twice").containsOnly(1L);
		assertThat(SANDBOX.counters().faults().keySet()).as("the faults did happen: %s", SANDBOX.counters().faults())
			.anyMatch(kind -> kind.contains("ImportImage") && kind.contains("Lost"))
			.anyMatch(kind -> kind.contains("ServiceUnavailable") || kind.contains("InternalError"));
	}

}
