package io.ecsmigrator.job;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.aliyun.oss.OSS;
import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.inventory.InventoryFileInspector;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.preflight.PreflightStepConfiguration;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.TestDatabases;
import io.ecsmigrator.support.TestInventories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Benchmark, not a test: the import job on {@code bench.images} images (10,000 by default) against
 * the sandbox with 100 ms OSS and 300 ms ECS latency, against a naive sequential loop (HEAD and
 * ImportImage per image through the same SDKs). Prints ratios. Run it with
 * {@code ./mvnw test -Dtest=ImportBenchmark -Dmigrator.test.excluded-groups=none}.
 */
@Tag("benchmark")
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=10s", "migrator.track.poll-interval=1s",
				"migrator.rate.ImportImage=" + ImportBenchmark.IMPORT_RATE, "migrator.rate.DescribeImages=200",
				"migrator.submit.threads=64", "migrator.submit.chunk-size=500",
				"migrator.submit.max-in-flight-per-region=100000" })
class ImportBenchmark {

	static final int IMPORT_RATE = 50;

	static final int IMAGES = Integer.getInteger("bench.images", 10_000);

	static final int THREADS = Integer.getInteger("bench.threads", 32);

	/** Images of the naive loop: it runs at 0.4 s an image, so it is timed on a sample. */
	static final int NAIVE_SAMPLE = 100;

	static final int OSS_LATENCY = 100;

	static final int ECS_LATENCY = 300;

	static final SandboxServer SANDBOX = SandboxCloud.start(new Scenario(null, null,
			List.of(new Scenario.Region("cn-hangzhou", null, 1_000_000, 10_000_000, null)),
			List.of(new Scenario.Bucket("disks-hz", "cn-hangzhou",
					List.of(new Scenario.DiskObject("web.qcow2", Scenario.DiskKind.QCOW2, 40)))),
			5, 3L, new Scenario.Faults(Map.of("ImportImage", IMPORT_RATE), 0.0, ECS_LATENCY, OSS_LATENCY, 0.0, 0)));

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

	@Autowired
	CloudClients clients;

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
	void importJobAgainstANaiveLoop() throws Exception {
		Path file = TestInventories.copiesOfOneDisk(this.dir.resolve("bench.csv"), "bench", IMAGES,
				"cn-hangzhou", "disks-hz", "web.qcow2");

		long started = System.nanoTime();
		RunOutcome outcome = this.launcher.launch(this.importJob, new InventoryFileInspector().inspect(file),
				new RunOptions(false, true, THREADS));
		double jobSeconds = (System.nanoTime() - started) / 1e9;

		Map<ImageStatus, Long> counts = this.images.countByStatus(outcome.runId());
		double preflightSeconds = stepSeconds(outcome.runId(), PreflightStepConfiguration.STEP);
		double preflightRate = IMAGES / preflightSeconds;
		// each image: HEAD + two ranged GETs at the OSS latency, then DescribeImages at the ECS latency
		double idealPreflight = THREADS / ((3.0 * OSS_LATENCY + ECS_LATENCY) / 1000);
		List<Timestamp> importSpan = this.jdbc.queryForList("SELECT called_at FROM cloud_call WHERE run_id = ? AND "
				+ "action = 'ImportImage' ORDER BY called_at", Timestamp.class, outcome.runId());
		double importSeconds = Duration.between(importSpan.get(0).toInstant(), importSpan.get(importSpan.size() - 1).toInstant())
			.toNanos() / 1e9;
		double importRate = (importSpan.size() - 1) / importSeconds;
		double naivePerImage = naiveLoopSecondsPerImage();

		System.out.printf("%nbenchmark: %,d images, %d preflight threads, OSS latency %d ms, ECS latency %d ms%n", IMAGES,
				THREADS, OSS_LATENCY, ECS_LATENCY);
		System.out.printf("outcome: %s; ImportImage calls answered Throttling: %d%n", counts,
				SANDBOX.counters().throttled().getOrDefault("ImportImage", 0L));
		System.out.printf("preflight: %,.1f images/s; ideal for %d threads %,.1f/s: %.2f of ideal%n", preflightRate,
				THREADS, idealPreflight, preflightRate / idealPreflight);
		System.out.printf("ImportImage: %,.2f calls/s achieved / %d/s configured = %.3f%n", importRate, IMPORT_RATE,
				importRate / IMPORT_RATE);
		System.out.printf("job wall time %,.0f s; naive sequential loop %,.3f s an image (timed on %d) x %,d = %,.0f s; "
				+ "job / naive = %.3f (%.1f x faster)%n", jobSeconds, naivePerImage, NAIVE_SAMPLE, IMAGES,
				naivePerImage * IMAGES, jobSeconds / (naivePerImage * IMAGES), naivePerImage * IMAGES / jobSeconds);
	}

	private double stepSeconds(long runId, String step) {
		return this.jdbc.queryForObject("SELECT MIN(s.start_time) AS first_start, MAX(s.end_time) AS last_end FROM "
				+ "batch_step_execution s JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id "
				+ "WHERE e.job_instance_id = ? AND s.step_name = ?", (rs, n) -> Duration
					.between(rs.getTimestamp("first_start").toInstant(), rs.getTimestamp("last_end").toInstant())
					.toNanos() / 1e9, runId, step);
	}

	/** What a hand-written loop does: per image, HEAD the object, then ImportImage; one at a time. */
	private double naiveLoopSecondsPerImage() throws Exception {
		OSS oss = this.clients.oss("cn-hangzhou");
		long started = System.nanoTime();
		for (int i = 1; i <= NAIVE_SAMPLE; i++) {
			oss.getObjectMetadata("disks-hz", "web.qcow2");
			ImportImageRequest request = this.clients.ecs(new ImportImageRequest(), "cn-hangzhou");
			request.setImageName("naive-%05d".formatted(i));
			ImportImageRequest.DiskDeviceMapping disk = new ImportImageRequest.DiskDeviceMapping();
			disk.setOSSBucket("disks-hz");
			disk.setOSSObject("web.qcow2");
			request.setDiskDeviceMappings(List.of(disk));
			this.clients.acs().getAcsResponse(request);
		}
		return (System.nanoTime() - started) / 1e9 / NAIVE_SAMPLE;
	}

}
