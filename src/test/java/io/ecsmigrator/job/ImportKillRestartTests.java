package io.ecsmigrator.job;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.cli.MigratorCli;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.TestDatabases;
import io.ecsmigrator.support.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real migrator process importing 500 images is killed with SIGKILL at 10 random moments across
 * preflight, submit and track, and the same command is run again each time. The sandbox lives in
 * this JVM, so it outlives every kill and counts what was imported: at the end every image is
 * AVAILABLE, none was created twice, and every inventory line is in the report.
 */
class ImportKillRestartTests {

	private static final int IMAGES = 500;

	private static final int KILLS = 10;

	private static final List<String> STEPS = List.of("preflight", "submit", "track");

	@TempDir
	Path dir;

	@Test
	void killedTenTimesOnH2AndRunAgain() throws Exception {
		killAndRestart("jdbc:h2:file:" + this.dir.resolve("data/ledger") + TestDatabases.H2_OPTIONS, "");
	}

	@Test
	void killedTenTimesOnPostgresAndRunAgain() throws Exception {
		TestDatabases.assumePostgres();
		killAndRestart(TestDatabases.newPostgresSchema(), TestDatabases.postgresUser());
	}

	private void killAndRestart(String url, String user) throws Exception {
		Scenario scenario = new Scenario(null, null,
				List.of(new Scenario.Region("cn-hangzhou", null, 10_000, 100_000, null)),
				List.of(new Scenario.Bucket("disks-hz", "cn-hangzhou",
						List.of(new Scenario.DiskObject("web.qcow2", Scenario.DiskKind.QCOW2, 40)))),
				4, 5L, new Scenario.Faults(Map.of(), 0.0, 5, 5, 0.0, 0));
		Path inventory = TestInventories.copiesOfOneDisk(this.dir.resolve("wave.csv"), "vm", IMAGES,
				"cn-hangzhou", "disks-hz", "web.qcow2");
		Path report = this.dir.resolve("report.csv");

		try (SandboxServer sandbox = SandboxServer.start(scenario, 0)) {
			List<String> killedIn = new ArrayList<>();
			for (int kill = 0; kill < KILLS; kill++) {
				String step = STEPS.get(kill % STEPS.size());
				Process process = start(sandbox, inventory, url, user, report);
				String killedAt = killDuring(process, step);
				assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
				if (killedAt == null) {
					break; // the run ended before a moment to kill it came
				}
				killedIn.add(killedAt);
			}
			assertThat(killedIn).as("killed during each cloud step").hasSizeGreaterThanOrEqualTo(3)
				.anyMatch(s -> s.startsWith("preflight")).anyMatch(s -> s.startsWith("submit"));

			Process last = start(sandbox, inventory, url, user, report);
			String output = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(last.waitFor(3, TimeUnit.MINUTES)).isTrue();
			assertThat(last.exitValue()).as(output).isZero();

			Map<String, Long> created = sandbox.counters().createdImages();
			assertThat(created).hasSize(IMAGES);
			assertThat(created.values()).as("no image was imported twice").containsOnly(1L);
		}
		try (Connection connection = DriverManager.getConnection(url, user, "")) {
			assertThat(single(connection, "SELECT COUNT(*) FROM image WHERE status = 'AVAILABLE'")).isEqualTo(IMAGES);
			assertThat(single(connection, "SELECT COUNT(*) FROM batch_job_instance")).isEqualTo(1);
		}
		List<String> rows = Files.readAllLines(report);
		assertThat(rows).hasSize(IMAGES + 1);
		Set<String> lines = new java.util.HashSet<>();
		rows.stream().skip(1).forEach(row -> lines.add(row.split(",")[2]));
		assertThat(lines).as("every inventory line is in the report").hasSize(IMAGES);
	}

	/**
	 * Waits for the step's progress, then kills at a random moment soon after; a step already done
	 * by earlier runs gives way to the next one running.
	 *
	 * @return the progress line the process was killed after, or {@code null} if it ended first
	 */
	private static String killDuring(Process process, String step) throws Exception {
		int wanted = STEPS.indexOf(step);
		try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				int at = -1;
				for (int i = 0; i < STEPS.size(); i++) {
					if (line.startsWith(STEPS.get(i) + ": ") && !line.contains(" done in ")) {
						at = i;
					}
				}
				if (at >= wanted) {
					Thread.sleep(ThreadLocalRandom.current().nextLong(400));
					process.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
					return line;
				}
			}
		}
		return null;
	}

	private Process start(SandboxServer sandbox, Path inventory, String url, String user, Path report)
			throws Exception {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String endpoint = "http://" + sandbox.endpoint();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-Dalibabacloud.accessKeyId=testAK", "-Dalibabacloud.accessKeySecret=testSecret", "-cp",
				classpath, MigratorCli.class.getName(), "import", "--inventory", inventory.toString(), "--wait",
				"--threads", "8", "--report", report.toString(), "--migrator.data-dir=" + this.dir.resolve("data"),
				"--migrator.progress-interval=50ms", "--migrator.track.poll-interval=300ms",
				"--migrator.rate.ImportImage=60", "--migrator.submit.chunk-size=20", "--migrator.ecs.endpoint=" + endpoint,
				"--migrator.oss.endpoint=" + endpoint, "--migrator.ram.endpoint=" + endpoint,
				"--spring.datasource.url=" + url));
		if (!user.isEmpty()) {
			command.add("--spring.datasource.username=" + user);
		}
		return new ProcessBuilder(command).redirectErrorStream(true).start();
	}

	private static long single(Connection connection, String sql) throws Exception {
		try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
