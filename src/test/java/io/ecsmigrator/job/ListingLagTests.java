package io.ecsmigrator.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.report.ReportWriter;
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
 * DescribeImages lists a new image only {@value #LAG} seconds after its ImportImage, and one image is
 * deleted behind the migrator's back before it is ever listed: no image fails on a miss, and the
 * deleted one ends {@code IMPORT_FAILED} only after the grace (shortened here to {@value #GRACE} s)
 * and its task's word, which the report shows.
 */
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=1h", "migrator.track.poll-interval=200ms",
				"migrator.track.not-found-grace=" + ListingLagTests.GRACE + "s", "migrator.retry.base=1ms",
				"migrator.retry.max=20ms" })
@Timeout(value = 10, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class ListingLagTests {

	static final int LAG = 3;

	static final int GRACE = 6;

	@RegisterExtension
	static final SandboxJob CLOUD = SandboxJob.start(scenario());

	@TempDir
	Path dir;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ReportWriter reports;

	private static Scenario scenario() {
		return Scenarios.scenario().region("cn-hangzhou").imageQuota(1000).snapshotQuota(10_000)
			.bucket("disks-hz", "cn-hangzhou").object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.importSeconds(1).seed(5L).listingLagSeconds(LAG).deleteImage("lag-00003", 2).build();
	}

	@DynamicPropertySource
	static void cloud(DynamicPropertyRegistry registry) {
		CLOUD.register(registry);
	}

	@Test
	void aLaggingListingFailsNoImageAndADeletedImageFailsAfterTheGraceWithItsTasksWord() throws Exception {
		Path file = TestInventories.copiesOfOneDisk(this.dir.resolve("lag.csv"), "lag", 6, "cn-hangzhou", "disks-hz",
				"web.qcow2");

		RunOutcome outcome = CLOUD.launch(file, new RunOptions(false, true, 2));

		assertThat(outcome.status()).as("%s", outcome.failures()).isEqualTo(BatchStatus.COMPLETED);
		Map<String, String> outcomes = new TreeMap<>();
		this.jdbc.query("SELECT image_name, status, error_code, task_status FROM image WHERE run_id = ?", rs -> {
			outcomes.put(rs.getString("image_name"), rs.getString("status") + " " + rs.getString("error_code") + " "
					+ rs.getString("task_status"));
		}, outcome.runId());
		assertThat(outcomes).containsOnly(Map.entry("lag-00001", "AVAILABLE null null"),
				Map.entry("lag-00002", "AVAILABLE null null"),
				Map.entry("lag-00003", "IMPORT_FAILED InvalidImageId.NotFound Finished: The image was deleted."),
				Map.entry("lag-00004", "AVAILABLE null null"), Map.entry("lag-00005", "AVAILABLE null null"),
				Map.entry("lag-00006", "AVAILABLE null null"));
		assertThat(this.jdbc.queryForList("SELECT DISTINCT c.image_line FROM cloud_call c WHERE c.run_id = ? "
				+ "AND c.action LIKE 'DescribeTask%'", Integer.class, outcome.runId()))
			.as("only the image missing after the grace made its task be asked")
			.containsExactly(4);
		List<Timestamp> times = this.jdbc.queryForList("SELECT changed_at FROM image_transition WHERE run_id = ? "
				+ "AND first_line = 4 AND to_status IN ('SUBMITTED', 'IMPORT_FAILED') ORDER BY id", Timestamp.class,
				outcome.runId());
		assertThat(Duration.between(times.get(0).toLocalDateTime(), times.get(1).toLocalDateTime()))
			.as("failed only after the grace").isGreaterThanOrEqualTo(Duration.ofSeconds(GRACE));
		Path report = this.dir.resolve("report.csv");
		this.reports.write(outcome.runId(), report);
		List<String> lines = Files.readAllLines(report);
		assertThat(lines.get(0)).contains(",updated_at,task_status");
		assertThat(lines).filteredOn(line -> line.startsWith("lag-00003,"))
			.singleElement()
			.satisfies(line -> assertThat(line).contains("IMPORT_FAILED", "not-found-grace")
				.contains(",Finished: The image was deleted.,"));
	}

}
