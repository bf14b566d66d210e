package io.ecsmigrator.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.inventory.InventoryFileInspector;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ImportImage is throttled beyond 2 calls a second and loses half its answers after doing the work:
 * every image adopted after a lost answer has its import task id, and {@code attempts} counts every
 * ImportImage call the cloud saw for it, the throttled ones included.
 */
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=1h", "migrator.track.poll-interval=200ms",
				"migrator.retry.max-attempts=12", "migrator.retry.base=5ms", "migrator.retry.max=100ms",
				"migrator.rate.ImportImage=50" })
class AdoptionTests {

	static final int IMAGES = 24;

	static final SandboxServer SANDBOX = startSandbox();

	@TempDir
	Path dir;

	@Autowired
	RunLauncher launcher;

	@Autowired
	@Qualifier("importJob")
	Job importJob;

	@Autowired
	JdbcTemplate jdbc;

	private static SandboxServer startSandbox() {
		Scenario scenario = new Scenario(null, null, List.of(new Scenario.Region("cn-hangzhou", null, 1000, 10_000, null)),
				List.of(new Scenario.Bucket("disks-hz", "cn-hangzhou",
						List.of(new Scenario.DiskObject("web.qcow2", Scenario.DiskKind.QCOW2, 40)))),
				1, 13L, new Scenario.Faults(Map.of("ImportImage", 2), 0.0, 0, 0, 0.5, 0));
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
	void anAdoptedImageHasItsTaskIdAndEveryCallInItsAttempts() throws Exception {
		Path file = TestInventories.copiesOfOneDisk(this.dir.resolve("adopt.csv"), "adopt", IMAGES, "cn-hangzhou",
				"disks-hz", "web.qcow2");

		RunOutcome outcome = this.launcher.launch(this.importJob, new InventoryFileInspector().inspect(file),
				new RunOptions(false, true, 4));

		assertThat(outcome.status()).as("%s", outcome.failures()).isEqualTo(BatchStatus.COMPLETED);
		List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT i.image_name, i.status, i.import_task_id, "
				+ "i.attempts, t.message AS adoption FROM image i LEFT JOIN image_transition t ON t.run_id = i.run_id "
				+ "AND t.first_line = i.first_line AND t.to_status = 'SUBMITTED' WHERE i.run_id = ? ORDER BY i.first_line",
				outcome.runId());
		assertThat(rows).hasSize(IMAGES).allSatisfy(row -> {
			assertThat(row.get("STATUS")).isEqualTo("AVAILABLE");
			assertThat((String) row.get("IMPORT_TASK_ID")).as("%s", row).startsWith("t-");
			assertThat(((Number) row.get("ATTEMPTS")).longValue()).as("%s", row)
				.isGreaterThanOrEqualTo(SANDBOX.counters().importCalls("cn-hangzhou", (String) row.get("IMAGE_NAME")));
		});
		List<Map<String, Object>> adopted = rows.stream()
			.filter(row -> String.valueOf(row.get("ADOPTION")).startsWith("found in the cloud"))
			.toList();
		assertThat(adopted).as("the lost answers did happen").isNotEmpty();
		assertThat(adopted).as("an adopted image's attempts count more than the call it was adopted after")
			.anyMatch(row -> ((Number) row.get("ATTEMPTS")).intValue() > 1);
		for (Map<String, Object> row : adopted) {
			assertThat(((Number) row.get("ATTEMPTS")).longValue()).as("every attempt the audit kept: %s", row)
				.isEqualTo(this.jdbc.queryForObject("SELECT COUNT(*) FROM cloud_call c JOIN image i ON i.run_id = c.run_id "
						+ "AND i.first_line = c.image_line WHERE c.run_id = ? AND i.image_name = ? AND c.action = 'ImportImage'",
						Long.class, outcome.runId(), row.get("IMAGE_NAME")));
		}
		assertThat(SANDBOX.counters().throttled()).as("the throttling did happen").containsKey("ImportImage");
	}

}
