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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, section 1, end to end through the official SDKs: a mixed wave where one bucket denies
 * GetBucketLocation (its objects readable), one object is archived and one bucket is another
 * account's; OSS answers 503 in bursts of eight consecutive requests and some HEADs with no body,
 * ECS answers some calls with a gateway's HTML 502, and the operator's key has no RAM rights. The
 * run completes: the archived and the foreign image fail with their OSS code and a hint, every other
 * image is AVAILABLE, none is imported twice.
 */
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=1h", "migrator.track.poll-interval=200ms",
				"migrator.retry.base=5ms", "migrator.retry.max=50ms", "migrator.preflight.sweep-pause=100ms" })
@Timeout(value = 10, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class ImportIsolationTests {

	static final int GOOD = 24;

	@RegisterExtension
	static final SandboxJob CLOUD = SandboxJob.start(scenario()).credentials("opsAK", "opsSecret");

	@TempDir
	Path dir;

	@Autowired
	ImageRepository images;

	@Autowired
	JdbcTemplate jdbc;

	private static Scenario scenario() {
		return Scenarios.scenario().ramDeniedAccessKey("opsAK", "opsSecret").region("cn-hangzhou")
			.imageQuota(1000).snapshotQuota(10_000).bucket("disks-hz", "cn-hangzhou")
			.object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.object("old.qcow2", Scenario.DiskKind.QCOW2, 40, "Archive")
			.bucket("denied-hz", "cn-hangzhou").object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.object("old.qcow2", Scenario.DiskKind.QCOW2, 40, "Archive").locationDenied()
			.bucket("theirs", "cn-hangzhou").object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.object("old.qcow2", Scenario.DiskKind.QCOW2, 40, "Archive").otherAccount()
			.importSeconds(1).seed(13L).ossBurst(20, null, 8).ossBodilessHeadRate(0.15)
			.gatewayErrorRate(0.1).build();
	}

	@DynamicPropertySource
	static void cloud(DynamicPropertyRegistry registry) {
		CLOUD.register(registry);
	}

	@Test
	void oneImagesTroubleIsThatImagesOutcome() throws Exception {
		Path file = this.dir.resolve("mixed.csv");
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("image_name,region,oss_bucket,oss_object\n");
			out.write("denied-01,cn-hangzhou,denied-hz,web.qcow2\n");
			out.write("archived-01,cn-hangzhou,disks-hz,old.qcow2\n");
			out.write("foreign-01,cn-hangzhou,theirs,web.qcow2\n");
			for (int i = 1; i < GOOD; i++) {
				out.write("web-%02d,cn-hangzhou,disks-hz,web.qcow2\n".formatted(i));
			}
		}

		RunOutcome outcome = CLOUD.launch(file, new RunOptions(false, true, 4));

		assertThat(outcome.status()).as("%s", outcome.failures()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.images.countByStatus(outcome.runId())).containsOnly(
				Map.entry(ImageStatus.AVAILABLE, (long) GOOD), Map.entry(ImageStatus.VERIFY_FAILED, 2L));
		List<Map<String, Object>> failed = this.jdbc.queryForList("SELECT image_name, error_code, error_message, hint "
				+ "FROM image WHERE run_id = ? AND status = 'VERIFY_FAILED' ORDER BY image_name", outcome.runId());
		assertThat(failed).extracting(row -> row.get("error_code")).containsExactly("InvalidObjectState", "AccessDenied");
		assertThat(failed).allSatisfy(row -> {
			assertThat((String) row.get("error_message")).contains("oss://");
			assertThat((String) row.get("hint")).isNotBlank();
		});
		Map<String, Object> denied = this.jdbc.queryForMap("SELECT status, region_check, warnings FROM image "
				+ "WHERE run_id = ? AND image_name = 'denied-01'", outcome.runId());
		assertThat(denied.get("status")).isEqualTo("AVAILABLE");
		assertThat((String) denied.get("region_check")).contains("GetBucketLocation denied");
		assertThat((String) denied.get("warnings")).contains("denied-hz");
		Map<String, Long> created = CLOUD.sandbox().counters().createdImages();
		assertThat(created).hasSize(GOOD);
		assertThat(created.values()).as("nothing imported twice").containsOnly(1L);
		assertThat(CLOUD.sandbox().counters().faults().keySet()).as("the faults did happen: %s", CLOUD.sandbox().counters().faults())
			.anyMatch(kind -> kind.contains("GatewayHtml502"))
			.anyMatch(kind -> kind.contains("SlowDown") || kind.contains("ServiceUnavailable"));
	}

}
