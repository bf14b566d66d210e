package io.ecsmigrator.distributed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ecsmigrator.preflight.PreflightStepConfiguration;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.support.BenchmarkWave;
import io.ecsmigrator.support.MigratorProcess;
import io.ecsmigrator.support.MigratorProcess.Ledger;
import io.ecsmigrator.support.TestBroker;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test: the same wave of {@code bench.images} images (2,000 by default) in three
 * regions, with {@link BenchmarkWave}'s cloud (100 ms OSS, 300 ms ECS latency, ImportImage 20/s
 * configured and 22/s allowed in each region, imports of 5 s), run ({@code import --wait}) by one
 * process, then by a manager ({@code --workers}) with 1, 2 and 3 workers; each process a JVM of its
 * own, all on the PostgreSQL ledger (a schema a run) and, for the distributed runs, the machine's
 * RabbitMQ (a queue a run), against a sandbox in this JVM. Every setting at its default: 16
 * preflight threads in the single process, 4 partitions at once in each worker (or
 * {@code bench.concurrency}). Prints the wall time and preflight's images a second, each as a ratio
 * to the single process, and per region ImportImage's achieved rate (first call to last) and its
 * peak (the most calls the sandbox saw in any one second, summed over every process) against the
 * configured rate. Preflight's partitions and submit's and track's regions run on the workers
 * (submit's once preflight has ended). Run it with
 * {@code ./mvnw test -Dtest=DistributedBenchmark -Dmigrator.test.excluded-groups=none}.
 */
@Tag("benchmark")
class DistributedBenchmark {

	static final int IMAGES = Integer.getInteger("bench.images", 2_000);

	static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 4);

	@TempDir
	Path dir;

	/** What one setup achieved; {@code importImage}: per region, the achieved rate and the peak. */
	record Outcome(String setup, int exitCode, double wallSeconds, double preflightSeconds,
			Map<String, double[]> importImage, long throttled) {
	}

	@Test
	void oneProcessAgainstAManagerWithOneTwoAndThreeWorkers() throws Exception {
		TestDatabases.assumePostgres();
		TestBroker.assumeRabbit();
		Path inventory = this.dir.resolve("bench.csv");
		Map<String, Integer> perRegion = BenchmarkWave.inventory(inventory, IMAGES);
		List<Outcome> outcomes = new ArrayList<>();
		for (int workers = 0; workers <= 3; workers++) {
			outcomes.add(run(inventory, workers));
		}

		System.out.printf("%nbenchmark: %,d images in %d regions %s, OSS latency %d ms, ECS latency %d ms, "
				+ "ImportImage %d/s configured and %d/s allowed in each region, imports of %d s; workers with "
				+ "--concurrency %d; on %d cores, load average %s%n", IMAGES, perRegion.size(), perRegion,
				BenchmarkWave.OSS_LATENCY, BenchmarkWave.ECS_LATENCY, BenchmarkWave.IMPORT_RATE,
				BenchmarkWave.CLOUD_LIMIT, BenchmarkWave.IMPORT_SECONDS, CONCURRENCY,
				Runtime.getRuntime().availableProcessors(), loadAverage());
		Outcome single = outcomes.get(0);
		for (Outcome outcome : outcomes) {
			StringBuilder rates = new StringBuilder();
			outcome.importImage()
				.forEach((region, rate) -> rates.append(" %s %.2f/s (peak %.0f/s = %.2f x the configured rate)"
					.formatted(region, rate[0], rate[1], rate[1] / BenchmarkWave.IMPORT_RATE)));
			System.out.printf("%-22s exit %d; wall %.1f s (%.2f x the single process); preflight %.1f images/s "
					+ "(%.2f x); ImportImage:%s; throttled %d%n", outcome.setup(), outcome.exitCode(),
					outcome.wallSeconds(), outcome.wallSeconds() / single.wallSeconds(),
					IMAGES / outcome.preflightSeconds(), single.preflightSeconds() / outcome.preflightSeconds(), rates,
					outcome.throttled());
		}
		assertThat(outcomes).extracting(Outcome::exitCode).containsOnly(0);
	}

	private Outcome run(Path inventory, int workers) throws Exception {
		String setup = (workers == 0) ? "one process" : "manager + %d worker%s".formatted(workers,
				(workers > 1) ? "s" : "");
		Path home = Files.createDirectories(this.dir.resolve((workers == 0) ? "single" : "workers-" + workers));
		Ledger ledger = new Ledger(TestDatabases.newPostgresSchema(), TestDatabases.postgresUser());
		String queue = TestBroker.newQueue();
		Wave wave = new Wave(home, ledger, queue);
		String rate = "--migrator.rate.ImportImage=" + BenchmarkWave.IMPORT_RATE;
		String queueOption = "--migrator.distributed.queue=" + queue;
		try (SandboxServer sandbox = SandboxServer.start(BenchmarkWave.scenario(), 0)) {
			long started = System.nanoTime();
			MigratorProcess manager = (workers == 0)
					? MigratorProcess.importing(sandbox, inventory, ledger, home.resolve("manager"),
							home.resolve("manager.out"), rate)
					: MigratorProcess.importing(sandbox, inventory, ledger, home.resolve("manager"),
							home.resolve("manager.out"), rate, "--workers", queueOption);
			wave.processes().add(manager);
			if (workers > 0) {
				wave.awaitLedgerMigrated(manager);
				for (int i = 1; i <= workers; i++) {
					wave.processes()
						.add(MigratorProcess.worker(sandbox, ledger, home.resolve("worker-" + i),
								home.resolve("worker-" + i + ".out"), "--concurrency", Integer.toString(CONCURRENCY),
								rate, queueOption));
				}
			}
			int exit = manager.exitCode(Duration.ofMinutes(20));
			double wall = (System.nanoTime() - started) / 1e9;
			wave.killAll();
			Map<String, double[]> importImage = new LinkedHashMap<>();
			importImageRates(ledger).forEach((region, achieved) -> importImage.put(region,
					new double[] { achieved, sandbox.counters().peakRate("ImportImage", region) }));
			return new Outcome(setup, exit, wall, preflightSeconds(ledger), importImage,
					sandbox.counters().throttled().getOrDefault("ImportImage", 0L));
		}
		finally {
			wave.killAll();
			TestBroker.deleteQueues(queue);
		}
	}

	/** From preflight's first start to its last end (the manager's step, over its partitions). */
	private static double preflightSeconds(Ledger ledger) throws SQLException {
		return ledger.single("SELECT CAST(EXTRACT(EPOCH FROM MAX(end_time) - MIN(start_time)) * 1000 AS BIGINT) FROM "
				+ "batch_step_execution WHERE step_name = '" + PreflightStepConfiguration.STEP + "'") / 1e3;
	}

	/** Per region, the calls a second from the first ImportImage to the last (as the ledger audited them). */
	private static Map<String, Double> importImageRates(Ledger ledger) throws SQLException {
		Map<String, Double> rates = new LinkedHashMap<>();
		try (Connection connection = DriverManager.getConnection(ledger.url(), ledger.user(), "");
				PreparedStatement statement = connection.prepareStatement("SELECT region, COUNT(*), "
						+ "EXTRACT(EPOCH FROM MAX(called_at) - MIN(called_at)) FROM cloud_call "
						+ "WHERE action = 'ImportImage' GROUP BY region ORDER BY region");
				ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				rates.put(rs.getString(1), (rs.getLong(2) - 1) / rs.getDouble(3));
			}
		}
		return rates;
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
