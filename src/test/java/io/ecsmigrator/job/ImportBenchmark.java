package io.ecsmigrator.job;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
import io.ecsmigrator.support.BenchmarkWave;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Benchmark, not a test: the import job ({@code --wait}) on {@code bench.images} images (10,000 by
 * default) in three regions against the sandbox with 100 ms OSS and 300 ms ECS latency, ImportImage
 * limited by the sandbox in each region to 10% above the rate the migrator is configured to, and
 * imports taking {@value #IMPORT_SECONDS} s; every other setting at its default unless
 * {@code bench.threads} (preflight's threads) or {@code bench.poll-interval} (track's, the tuned run:
 * {@code -Dbench.poll-interval=2s}) is given. The disks are a mix of formats
 * ({@link BenchmarkWave#MIX}). Prints the job's wall time against the cloud's floor, the calls it
 * spent per image, the OSS requests per disk, the achieved ImportImage rate per region, and the job against a naive
 * sequential loop (HEAD and ImportImage per image through the same SDKs). Run it with
 * {@code ./mvnw test -Dtest=ImportBenchmark -Dmigrator.test.excluded-groups=none}.
 */
@Tag("benchmark")
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=10s", "migrator.rate.ImportImage=" + ImportBenchmark.IMPORT_RATE,
				"migrator.track.poll-interval=${bench.poll-interval:30s}" })
class ImportBenchmark {

	@Value("${migrator.track.poll-interval}")
	String trackPollInterval;

	static final int IMPORT_RATE = BenchmarkWave.IMPORT_RATE;

	static final int CLOUD_LIMIT = BenchmarkWave.CLOUD_LIMIT;

	static final int IMPORT_SECONDS = BenchmarkWave.IMPORT_SECONDS;

	static final int IMAGES = Integer.getInteger("bench.images", 10_000);

	static final int THREADS = Integer.getInteger("bench.threads", RunOptions.DEFAULTS.threads());

	static final List<String> REGIONS = BenchmarkWave.REGIONS;

	/** Images of the naive loop: it runs at 0.4 s an image, so it is timed on a sample. */
	static final int NAIVE_SAMPLE = 100;

	static final SandboxServer SANDBOX = SandboxCloud.start(BenchmarkWave.scenario());

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
	void importJobAgainstItsFloorAndANaiveLoop() throws Exception {
		Path file = this.dir.resolve("bench.csv");
		Map<String, Integer> perRegion = BenchmarkWave.inventory(file, IMAGES);

		long started = System.nanoTime();
		RunOutcome outcome = this.launcher.launch(this.importJob, new InventoryFileInspector().inspect(file),
				new RunOptions(false, true, THREADS));
		double jobSeconds = (System.nanoTime() - started) / 1e9;
		long runId = outcome.runId();
		Map<String, Long> sandboxCalls = SANDBOX.counters().calls();

		int largest = perRegion.values().stream().max(Integer::compare).orElseThrow();
		double floor = (double) largest / IMPORT_RATE + IMPORT_SECONDS + 5;
		Map<ImageStatus, Long> counts = this.images.countByStatus(runId);
		// preflight and submit overlap, so calls are not told apart by time: every ECS call but
		// ImportImage over the whole job counts, preflight's listings and submit's and track's looks
		Map<String, Long> ecsCalls = new TreeMap<>();
		this.jdbc.query("SELECT action, COUNT(*) FROM cloud_call WHERE run_id = ? AND action NOT LIKE 'OSS.%' "
				+ "AND action <> 'ImportImage' GROUP BY action", rs -> {
					ecsCalls.put(rs.getString(1), rs.getLong(2));
				}, runId);
		long otherEcs = ecsCalls.values().stream().mapToLong(Long::longValue).sum();
		long ossRequests = sandboxCalls.entrySet()
			.stream()
			.filter(e -> e.getKey().startsWith("OSS.") && !e.getKey().equals("OSS.GetBucketLocation"))
			.mapToLong(Map.Entry::getValue)
			.sum();
		Timestamp submitEnd = stepEnd(runId, "submit");
		long trackLooks = this.jdbc.queryForObject("SELECT COUNT(*) FROM cloud_call WHERE run_id = ? "
				+ "AND action = 'DescribeImages' AND called_at > ?", Long.class, runId, submitEnd);

		System.out.printf("%nbenchmark: %,d images in %d regions %s, %d preflight threads, OSS latency %d ms, ECS "
				+ "latency %d ms, ImportImage %d/s configured and %d/s allowed by the cloud in each region, imports of "
				+ "%d s%n", IMAGES, REGIONS.size(), perRegion, THREADS, BenchmarkWave.OSS_LATENCY,
				BenchmarkWave.ECS_LATENCY, IMPORT_RATE, CLOUD_LIMIT, IMPORT_SECONDS);
		System.out.printf("outcome: %s; ImportImage calls answered Throttling: %d%n", counts,
				SANDBOX.counters().throttled().getOrDefault("ImportImage", 0L));
		Timestamp jobStart = this.jdbc.queryForObject("SELECT MIN(e.start_time) FROM batch_job_execution e "
				+ "WHERE e.job_instance_id = ?", Timestamp.class, runId);
		System.out.printf("steps (from the job's start): preflight %s, submit %s, track %s%n",
				stepSpan(runId, PreflightStepConfiguration.STEP, jobStart), stepSpan(runId, "submit", jobStart),
				stepSpan(runId, "track", jobStart));
		System.out.printf("wall time / floor: %.1f s / %.1f s (%,d images / %d/s + %d s + 5 s) = %.3f (track's "
				+ "poll interval %s)%n", jobSeconds, floor, largest, IMPORT_RATE, IMPORT_SECONDS, jobSeconds / floor,
				this.trackPollInterval);
		System.out.printf("ECS calls other than ImportImage, whole job (preflight's listings, submit's gates and "
				+ "quota looks, track's looks): %s = %,d, per image %.4f%n", ecsCalls, otherEcs,
				(double) otherEcs / IMAGES);
		System.out.printf("OSS requests per disk (GetBucketLocation, once a bucket, aside): %s = %.3f%n",
				sandboxCalls.entrySet().stream().filter(e -> e.getKey().startsWith("OSS.")).toList(),
				(double) ossRequests / IMAGES);
		System.out.printf("DescribeImages after submit's end (track's looks): %,d%n", trackLooks);
		for (String region : REGIONS) {
			List<Timestamp> calls = this.jdbc.queryForList("SELECT called_at FROM cloud_call WHERE run_id = ? AND "
					+ "action = 'ImportImage' AND region = ? ORDER BY called_at", Timestamp.class, runId, region);
			double seconds = Duration.between(calls.get(0).toInstant(), calls.get(calls.size() - 1).toInstant())
				.toNanos() / 1e9;
			double rate = (calls.size() - 1) / seconds;
			System.out.printf("ImportImage in %s: %,d calls, %,.2f/s achieved / %d/s configured = %.3f%n", region,
					calls.size(), rate, IMPORT_RATE, rate / IMPORT_RATE);
			printGaps(runId, region);
		}
		double naivePerImage = naiveLoopSecondsPerImage();
		System.out.printf("job wall time %,.0f s; naive sequential loop %,.3f s an image (timed on %d) x %,d = %,.0f s; "
				+ "job / naive = %.3f (%.1f x faster)%n", jobSeconds, naivePerImage, NAIVE_SAMPLE, IMAGES,
				naivePerImage * IMAGES, jobSeconds / (naivePerImage * IMAGES), naivePerImage * IMAGES / jobSeconds);
	}

	/**
	 * Where a region's rate went: the gaps between the starts of consecutive ImportImage calls (the
	 * audit's time of answer less its latency) beyond the configured interval, summed, and the longest.
	 * Time lost in a few long gaps points at a stall (a lock, a look, a starved feed); time lost evenly
	 * over every gap points at callers arriving late at the limiter.
	 */
	private void printGaps(long runId, String region) {
		List<Long> starts = this.jdbc.queryForList("SELECT DATEDIFF('MILLISECOND', TIMESTAMP '2000-01-01 00:00:00', "
				+ "called_at) - latency_ms FROM cloud_call WHERE run_id = ? AND action = 'ImportImage' AND region = ?",
				Long.class, runId, region);
		List<Long> sorted = starts.stream().sorted().toList();
		long interval = 1000 / IMPORT_RATE;
		long lost = 0;
		long lostInLong = 0;
		long longest = 0;
		for (int i = 1; i < sorted.size(); i++) {
			long gap = sorted.get(i) - sorted.get(i - 1);
			lost += Math.max(0, gap - interval);
			if (gap > 4 * interval) {
				lostInLong += gap - interval;
			}
			longest = Math.max(longest, gap);
		}
		System.out.printf("  time lost beyond the %d ms interval: %,d ms, %,d ms of it in gaps over %d ms; longest "
				+ "gap %,d ms%n", interval, lost, lostInLong, 4 * interval, longest);
	}

	private Timestamp stepEnd(long runId, String step) {
		return this.jdbc.queryForObject("SELECT MAX(s.end_time) FROM batch_step_execution s JOIN batch_job_execution e "
				+ "ON e.job_execution_id = s.job_execution_id WHERE e.job_instance_id = ? AND s.step_name = ?",
				Timestamp.class, runId, step);
	}

	/** When a step ran, from the job's start: {@code 1.2–108.4 s}. */
	private String stepSpan(long runId, String step, Timestamp jobStart) {
		return this.jdbc.queryForObject("SELECT MIN(s.start_time) AS first_start, MAX(s.end_time) AS last_end FROM "
				+ "batch_step_execution s JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id "
				+ "WHERE e.job_instance_id = ? AND s.step_name = ?",
				(rs, n) -> "%.1f–%.1f s".formatted(seconds(jobStart, rs.getTimestamp("first_start")),
						seconds(jobStart, rs.getTimestamp("last_end"))),
				runId, step);
	}

	private static double seconds(Timestamp from, Timestamp to) {
		return Duration.between(from.toInstant(), to.toInstant()).toNanos() / 1e9;
	}

	/** What a hand-written loop does: per image, HEAD the object, then ImportImage; one at a time. */
	private double naiveLoopSecondsPerImage() throws Exception {
		OSS oss = this.clients.oss("cn-hangzhou");
		long started = System.nanoTime();
		for (int i = 1; i <= NAIVE_SAMPLE; i++) {
			oss.getObjectMetadata("disks-cn-hangzhou", BenchmarkWave.object(Scenario.DiskKind.QCOW2));
			ImportImageRequest request = this.clients.ecs(new ImportImageRequest(), "cn-hangzhou");
			request.setImageName("naive-%05d".formatted(i));
			ImportImageRequest.DiskDeviceMapping disk = new ImportImageRequest.DiskDeviceMapping();
			disk.setOSSBucket("disks-cn-hangzhou");
			disk.setOSSObject(BenchmarkWave.object(Scenario.DiskKind.QCOW2));
			request.setDiskDeviceMappings(List.of(disk));
			this.clients.acs().getAcsResponse(request);
		}
		return (System.nanoTime() - started) / 1e9 / NAIVE_SAMPLE;
	}

}
