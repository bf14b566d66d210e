package io.ecsmigrator.job;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
class ImportIsolationTests {

	static final int GOOD = 24;

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

	@Autowired
	JdbcTemplate jdbc;

	private static SandboxServer startSandbox() {
		List<Scenario.DiskObject> objects = List.of(new Scenario.DiskObject("web.qcow2", Scenario.DiskKind.QCOW2, 40),
				new Scenario.DiskObject("old.qcow2", Scenario.DiskKind.QCOW2, 40, "Archive"));
		Scenario scenario = new Scenario(List.of(new Scenario.AccessKey("opsAK", "opsSecret", true)), null,
				List.of(new Scenario.Region("cn-hangzhou", null, 1000, 10_000, null)),
				List.of(new Scenario.Bucket("disks-hz", "cn-hangzhou", objects),
						new Scenario.Bucket("denied-hz", "cn-hangzhou", objects, true, null),
						new Scenario.Bucket("theirs", "cn-hangzhou", objects, null, true)),
				1, 13L, new Scenario.Faults(null, null, null, null, null, null, new Scenario.Burst(20, null, 8), 0.15,
						0.1));
		return SandboxCloud.start(scenario);
	}

	@DynamicPropertySource
	static void cloud(DynamicPropertyRegistry registry) {
		SandboxCloud.register(registry, SANDBOX);
		TestDatabases.registerH2(registry);
	}

	@BeforeAll
	static void credentials() {
		SandboxCloud.useCredentials("opsAK", "opsSecret");
	}

	@AfterAll
	static void stop() {
		SandboxCloud.clearCredentials();
		SANDBOX.close();
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

		RunOutcome outcome = this.launcher.launch(this.importJob, new InventoryFileInspector().inspect(file),
				new RunOptions(false, true, 4));

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
		Map<String, Long> created = SANDBOX.counters().createdImages();
		assertThat(created).hasSize(GOOD);
		assertThat(created.values()).as("nothing imported twice").containsOnly(1L);
		assertThat(SANDBOX.counters().faults().keySet()).as("the faults did happen: %s", SANDBOX.counters().faults())
			.anyMatch(kind -> kind.contains("GatewayHtml502"))
			.anyMatch(kind -> kind.contains("SlowDown") || kind.contains("ServiceUnavailable"));
	}

}
