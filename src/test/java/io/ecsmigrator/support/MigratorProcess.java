package io.ecsmigrator.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.ecsmigrator.cli.MigratorCli;
import io.ecsmigrator.sandbox.SandboxServer;

/**
 * A real migrator process ({@code import --wait}, or a {@code worker}) against a sandbox in the test's JVM, which outlives
 * it: what the kill tests start, SIGKILL (or SIGINT, as Ctrl-C) and start again. Its output goes to a
 * file, so a process that nobody reads never blocks on a full pipe.
 */
public final class MigratorProcess {

	private final Process process;

	private final Path output;

	private MigratorProcess(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/**
	 * Starts {@code import --inventory INVENTORY --wait} with every endpoint at the sandbox, the
	 * sandbox's key in the credentials chain, and the given ledger.
	 *
	 * @param extra further options and properties, e.g. {@code --migrator.submit.threads=4}
	 */
	public static MigratorProcess importing(SandboxServer sandbox, Path inventory, Ledger ledger, Path dataDir,
			Path output, String... extra) throws IOException {
		return start(sandbox, ledger, dataDir, output, List.of("import", "--inventory", inventory.toString(), "--wait",
				"--migrator.progress-interval=50ms", "--migrator.track.poll-interval=300ms"), extra);
	}

	/**
	 * Starts {@code worker} (of the distributed mode) against the sandbox and the given ledger, which
	 * must be PostgreSQL; RabbitMQ as {@code spring.rabbitmq.*} says (by default 127.0.0.1:5672).
	 *
	 * @param extra further options and properties, e.g. {@code --migrator.distributed.queue=…}
	 */
	public static MigratorProcess worker(SandboxServer sandbox, Ledger ledger, Path dataDir, Path output,
			String... extra) throws IOException {
		return start(sandbox, ledger, dataDir, output, List.of("worker"), extra);
	}

	private static MigratorProcess start(SandboxServer sandbox, Ledger ledger, Path dataDir, Path output,
			List<String> arguments, String... extra) throws IOException {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String endpoint = "http://" + sandbox.endpoint();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-Dalibabacloud.accessKeyId=testAK", "-Dalibabacloud.accessKeySecret=testSecret", "-cp",
				classpath, MigratorCli.class.getName()));
		command.addAll(arguments);
		command.addAll(List.of("--migrator.data-dir=" + dataDir, "--migrator.ecs.endpoint=" + endpoint,
				"--migrator.oss.endpoint=" + endpoint, "--migrator.ram.endpoint=" + endpoint,
				"--migrator.quotas.endpoint=" + endpoint, "--spring.datasource.url=" + ledger.url()));
		if (!ledger.user().isEmpty()) {
			command.add("--spring.datasource.username=" + ledger.user());
		}
		command.addAll(List.of(extra));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		return new MigratorProcess(process, output);
	}

	/** SIGKILL: no shutdown hook, no cleanup, as a power cut or the OOM killer would. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the killed migrator did not end");
		}
	}

	/** SIGINT, as Ctrl-C on a terminal sends it (to the JVM itself, not through a shell). */
	public void interrupt() throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-INT", Long.toString(this.process.pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IllegalStateException("kill -INT " + this.process.pid() + " failed");
		}
	}

	/** SIGTERM, as {@code kill}, systemd's stop or docker's stop sends it. */
	public void terminate() throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(this.process.pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IllegalStateException("kill -TERM " + this.process.pid() + " failed");
		}
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean alive() {
		return this.process.isAlive();
	}

	/** Waits for the process to end by itself and returns its exit code. */
	public int exitCode(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			throw new IllegalStateException("the migrator did not end within " + timeout + ":\n" + output());
		}
		return this.process.exitValue();
	}

	public String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	/**
	 * Waits until the condition holds while the process runs.
	 *
	 * @return {@code false} if the process ended first
	 */
	public boolean awaitWhileAlive(BooleanSupplier condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (!this.process.isAlive()) {
				return false;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("waited " + timeout + " in vain; the migrator said:\n" + output());
			}
			Thread.sleep(20);
		}
		return true;
	}

	/** A ledger the processes share: its JDBC URL and user (empty for H2). */
	public record Ledger(String url, String user) {

		/** Images per status, read while no migrator holds the ledger (an H2 file is locked by one). */
		public Map<String, Long> imagesByStatus() throws SQLException {
			Map<String, Long> counts = new TreeMap<>();
			try (Connection connection = DriverManager.getConnection(this.url, this.user, "");
					Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("SELECT status, COUNT(*) FROM image GROUP BY status")) {
				while (rs.next()) {
					counts.put(rs.getString(1), rs.getLong(2));
				}
			}
			return counts;
		}

		/** Every attempt of every cloud call the ledger audited, counted by action and answer: for messages. */
		public Map<String, Long> cloudCalls() throws SQLException {
			Map<String, Long> counts = new TreeMap<>();
			try (Connection connection = DriverManager.getConnection(this.url, this.user, "");
					Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("SELECT action, COALESCE(error_code, 'OK'), COUNT(*) "
							+ "FROM cloud_call GROUP BY action, COALESCE(error_code, 'OK')")) {
				while (rs.next()) {
					counts.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
				}
			}
			return counts;
		}

		/** The first column of the first row. */
		public String text(String sql) throws SQLException {
			try (Connection connection = DriverManager.getConnection(this.url, this.user, "");
					Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery(sql)) {
				rs.next();
				return rs.getString(1);
			}
		}

		/** The first column of the first row as a number; 0 for SQL's NULL. */
		public long single(String sql) throws SQLException {
			String value = text(sql);
			return (value != null) ? Long.parseLong(value) : 0;
		}

	}

}
