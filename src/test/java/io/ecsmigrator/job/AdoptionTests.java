package io.ecsmigrator.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.MigratorApplication;
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
@Timeout(value = 10, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class AdoptionTests {

	static final int IMAGES = 24;

	@RegisterExtension
	static final SandboxJob CLOUD = SandboxJob.start(scenario());

	@TempDir
	Path dir;

	@Autowired
	JdbcTemplate jdbc;

	private static Scenario scenario() {
		return Scenarios.scenario().region("cn-hangzhou").imageQuota(1000).snapshotQuota(10_000)
			.bucket("disks-hz", "cn-hangzhou").object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.importSeconds(1).seed(13L).rateLimit("ImportImage", 2).lostResponseRate(0.5).build();
	}

	@DynamicPropertySource
	static void cloud(DynamicPropertyRegistry registry) {
		CLOUD.register(registry);
	}

	@Test
	void anAdoptedImageHasItsTaskIdAndEveryCallInItsAttempts() throws Exception {
		Path file = TestInventories.copiesOfOneDisk(this.dir.resolve("adopt.csv"), "adopt", IMAGES, "cn-hangzhou",
				"disks-hz", "web.qcow2");

		RunOutcome outcome = CLOUD.launch(file, new RunOptions(false, true, 4));

		assertThat(outcome.status()).as("%s", outcome.failures()).isEqualTo(BatchStatus.COMPLETED);
		List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT i.image_name, i.status, i.import_task_id, "
				+ "i.attempts, t.message AS adoption FROM image i LEFT JOIN image_transition t ON t.run_id = i.run_id "
				+ "AND t.first_line = i.first_line AND t.to_status = 'SUBMITTED' WHERE i.run_id = ? ORDER BY i.first_line",
				outcome.runId());
		assertThat(rows).hasSize(IMAGES).allSatisfy(row -> {
			assertThat(row.get("STATUS")).isEqualTo("AVAILABLE");
			assertThat((String) row.get("IMPORT_TASK_ID")).as("%s", row).startsWith("t-");
			assertThat(((Number) row.get("ATTEMPTS")).longValue()).as("%s", row)
				.isGreaterThanOrEqualTo(CLOUD.sandbox().counters().importCalls("cn-hangzhou", (String) row.get("IMAGE_NAME")));
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
		assertThat(CLOUD.sandbox().counters().throttled()).as("the throttling did happen").containsKey("ImportImage");
	}

}
