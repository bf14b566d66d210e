package io.ecsmigrator.job;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ecsmigrator.cli.MigratorCli;
import io.ecsmigrator.inventory.batch.LoadStepConfiguration;
import io.ecsmigrator.support.TestDatabases;
import io.ecsmigrator.support.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real migrator process is killed with SIGKILL in the middle of loading a large inventory, and
 * the same command is run again: the run must complete with every line loaded exactly once.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class LoadKillRestartTests {

	private static final int IMAGES = 150_000;

	private static final Pattern LOADED = Pattern.compile("^load: ([0-9,]+) of");

	@TempDir
	Path dir;

	@Test
	void killedDuringLoadOnH2AndRunAgain() throws Exception {
		String url = "jdbc:h2:file:" + this.dir.resolve("data/ledger") + TestDatabases.H2_OPTIONS;
		killAndRestart(url, "");
	}

	@Test
	void killedDuringLoadOnPostgresAndRunAgain() throws Exception {
		TestDatabases.assumePostgres();
		killAndRestart(TestDatabases.newPostgresSchema(), TestDatabases.postgresUser());
	}

	private void killAndRestart(String url, String user) throws Exception {
		Path inventory = TestInventories.write(this.dir.resolve("wave.csv"), IMAGES, 1, 0);
		// somewhere between a tenth and two thirds of the file
		long killAfter = ThreadLocalRandom.current().nextLong(IMAGES / 10, IMAGES * 2 / 3);

		Process first = start(inventory, url, user);
		long loadedWhenKilled = -1;
		List<String> firstOutput = new ArrayList<>();
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				firstOutput.add(line);
				Matcher loaded = LOADED.matcher(line);
				if (loaded.find() && Long.parseLong(loaded.group(1).replace(",", "")) >= killAfter) {
					loadedWhenKilled = Long.parseLong(loaded.group(1).replace(",", ""));
					first.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
					break;
				}
			}
		}
		assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(loadedWhenKilled).as("killed during load; output: %s", firstOutput).isBetween(1L, IMAGES - 1L);
		assertThat(first.exitValue()).isEqualTo(137);

		Process second = start(inventory, url, user);
		String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(second.waitFor(5, TimeUnit.MINUTES)).isTrue();
		assertThat(second.exitValue()).as(output).isZero();
		assertThat(output).contains("was left running by a process that stopped; recovered it, continuing",
				"load: %,d done".formatted(IMAGES));

		try (Connection connection = DriverManager.getConnection(url, user, "");
				Statement statement = connection.createStatement()) {
			assertThat(single(statement, "SELECT COUNT(*) FROM inventory_line")).isEqualTo(IMAGES);
			assertThat(single(statement, "SELECT COUNT(DISTINCT line_no) FROM inventory_line")).isEqualTo(IMAGES);
			assertThat(single(statement, "SELECT COUNT(*) FROM image WHERE status = 'PLANNED'")).isEqualTo(IMAGES);
			assertThat(single(statement, "SELECT COUNT(*) FROM batch_job_instance")).isEqualTo(1);
			assertThat(single(statement, "SELECT COUNT(*) FROM batch_job_execution")).isEqualTo(2);
			long readOnRestart = single(statement, "SELECT read_count FROM batch_step_execution WHERE step_name = 'load' "
					+ "ORDER BY step_execution_id DESC FETCH FIRST 1 ROWS ONLY");
			assertThat(readOnRestart).as("the restart did not load the file again").isLessThan(IMAGES);
			// a chunk's rows and the reader's position commit together: a killed process leaves whole
			// chunks, never part of one (it may commit more after its last progress line, so that line
			// is no bound)
			assertThat((IMAGES - readOnRestart) % LoadStepConfiguration.CHUNK_SIZE).as("whole chunks").isZero();
		}
	}

	private Process start(Path inventory, String url, String user) throws Exception {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-cp", classpath, MigratorCli.class.getName(), "validate", "--inventory",
				inventory.toString(), "--migrator.data-dir=" + this.dir.resolve("data"),
				"--migrator.progress-interval=50ms", "--spring.datasource.url=" + url));
		if (!user.isEmpty()) {
			command.add("--spring.datasource.username=" + user);
		}
		return new ProcessBuilder(command).redirectErrorStream(true).start();
	}

	private static long single(Statement statement, String sql) throws Exception {
		try (ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
