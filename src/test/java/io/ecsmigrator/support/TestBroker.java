package io.ecsmigrator.support;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The RabbitMQ the distributed tests use: 127.0.0.1:5672, user {@code guest} (which RabbitMQ admits
 * from localhost only), each test class with queues of its own.
 * <p>
 * {@code -Dmigrator.test.rabbitmq=auto} (the default) skips the distributed tests when no broker
 * answers, as the PostgreSQL tests are skipped without PostgreSQL; {@code required} (CI) fails them.
 * <p>
 * A test that restarts the broker starts one of its own ({@link #privateNode()}): the machine's is
 * shared with other tests and engineers.
 */
public final class TestBroker {

	private static final String HOST = "127.0.0.1";

	private static final int PORT = 5672;

	private TestBroker() {
	}

	/** Skips (or, when required, fails) the calling test if RabbitMQ does not answer. */
	public static void assumeRabbit() {
		boolean reachable = reachable();
		if (!reachable && "required".equals(System.getProperty("migrator.test.rabbitmq"))) {
			throw new IllegalStateException("RabbitMQ is required (-Dmigrator.test.rabbitmq=required) but " + HOST + ":"
					+ PORT + " does not answer");
		}
		Assumptions.assumeTrue(reachable, "RabbitMQ at " + HOST + ":" + PORT + " does not answer");
	}

	/**
	 * For the tests that act on the broker's side ({@link #dropConnectionsOf}): {@code rabbitmqctl}
	 * (which needs the broker's Erlang cookie: root, or the broker's user) and {@code ss} must work.
	 * Skipped where they do not, failed where RabbitMQ is required.
	 */
	public static void assumeBrokerControl() {
		boolean works;
		try {
			run("rabbitmqctl", "-q", "list_connections", "pid");
			run("ss", "-tnH");
			works = true;
		}
		catch (IOException | IllegalStateException ex) {
			works = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			works = false;
		}
		if (!works && "required".equals(System.getProperty("migrator.test.rabbitmq"))) {
			throw new IllegalStateException("RabbitMQ is required (-Dmigrator.test.rabbitmq=required) but rabbitmqctl "
					+ "or ss does not work here");
		}
		Assumptions.assumeTrue(works, "rabbitmqctl or ss does not work here");
	}

	/** A queue name no other test (or helper on the machine) uses. */
	public static String newQueue() {
		return "it." + UUID.randomUUID();
	}

	/** Deletes the partition queue and its retry queue; best effort. */
	public static void deleteQueues(String queue) {
		CachingConnectionFactory connections = new CachingConnectionFactory(HOST, PORT);
		try {
			RabbitAdmin admin = new RabbitAdmin(connections);
			admin.deleteQueue(queue);
			admin.deleteQueue(queue + ".retry");
		}
		catch (RuntimeException ex) {
			// a leftover test queue harms nothing
		}
		finally {
			connections.destroy();
		}
	}

	/**
	 * Closes, on the broker's side, the AMQP connections of the given processes only (the broker is
	 * the machine's, shared): as a network cut or a broker's restart drops them. The processes'
	 * sockets are found with {@code ss}, and their connections (by Erlang pid) by client port with
	 * {@code rabbitmqctl}.
	 *
	 * @return how many connections were closed
	 */
	public static int dropConnectionsOf(long... pids) throws IOException, InterruptedException {
		Set<String> ports = new HashSet<>();
		for (String line : run("ss", "-tnpH", "state", "established", "( dport = :" + PORT + " )")) {
			for (long pid : pids) {
				if (line.contains("pid=" + pid + ",")) {
					String[] columns = line.trim().split("\\s+");
					String local = columns[2];
					ports.add(local.substring(local.lastIndexOf(':') + 1));
				}
			}
		}
		int closed = 0;
		for (String line : run("rabbitmqctl", "-q", "list_connections", "pid", "peer_port")) {
			String[] columns = line.split("\t");
			if (columns.length == 2 && ports.contains(columns[1].trim())) {
				run("rabbitmqctl", "-q", "close_connection", columns[0], "dropped by a test");
				closed++;
			}
		}
		return closed;
	}

	/**
	 * Starts a RabbitMQ node of the calling test's own, as a child process: its own node name, AMQP
	 * and distribution ports on 127.0.0.1, data, logs, configuration, plugins (none) and Erlang
	 * cookie under a temporary folder, so that stopping it disturbs no other test nor the machine's
	 * broker. Returns once it accepts connections. Skipped (or, when RabbitMQ is required, failed)
	 * where {@code rabbitmq-server} is not installed.
	 */
	public static PrivateNode privateNode() throws IOException, InterruptedException {
		Optional<Path> bin = rabbitBin();
		if (bin.isEmpty() && "required".equals(System.getProperty("migrator.test.rabbitmq"))) {
			throw new IllegalStateException("RabbitMQ is required (-Dmigrator.test.rabbitmq=required) but "
					+ "rabbitmq-server is not installed here (not on the PATH)");
		}
		Assumptions.assumeTrue(bin.isPresent(), "rabbitmq-server is not installed here (not on the PATH)");
		PrivateNode node = new PrivateNode(bin.get(), Files.createTempDirectory("migrator-rabbitmq-"));
		node.start();
		return node;
	}

	/**
	 * The folder of RabbitMQ's own scripts. Debian's {@code /usr/sbin/rabbitmq-server} is a wrapper
	 * that, run as root, starts the node as the user {@code rabbitmq} through {@code su}, which
	 * would leave the node's environment and the test's folder behind: the scripts beside it do not.
	 */
	private static Optional<Path> rabbitBin() throws IOException {
		for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path script = Path.of(folder, "rabbitmq-server");
			if (Files.isExecutable(script)) {
				Path real = script.toRealPath();
				Path bin = real.getParent();
				return Optional.of(Files.isExecutable(bin.resolve("rabbitmqctl")) ? bin : script.getParent());
			}
		}
		return Optional.empty();
	}

	/**
	 * A RabbitMQ node of one test's, which it can restart; {@link #close()} stops it and deletes
	 * its folder.
	 * <p>
	 * It is configured by the environment variables RabbitMQ 3.x reads (rabbitmq-server(8),
	 * rabbitmq-env.conf(5), https://www.rabbitmq.com/docs/relocate): {@code RABBITMQ_NODENAME},
	 * {@code RABBITMQ_NODE_IP_ADDRESS}, {@code RABBITMQ_NODE_PORT}, {@code RABBITMQ_DIST_PORT},
	 * {@code RABBITMQ_MNESIA_BASE}, {@code RABBITMQ_LOG_BASE}, {@code RABBITMQ_CONFIG_FILE},
	 * {@code RABBITMQ_ENABLED_PLUGINS_FILE} (no management plugin, whose port 15672 the machine's
	 * broker may hold) and {@code RABBITMQ_CONF_ENV_FILE} (an empty one: the machine's file names its
	 * own node). {@code HOME} holds the node's Erlang cookie, which {@code rabbitmqctl} reads there.
	 */
	public static final class PrivateNode implements AutoCloseable {

		private static final Duration STARTUP = Duration.ofMinutes(2);

		private final Path bin;

		private final Path dir;

		private final String name;

		private final int port;

		private final int distributionPort;

		private Process process;

		private int starts;

		private PrivateNode(Path bin, Path dir) throws IOException {
			this.bin = bin;
			this.dir = dir;
			this.name = "migrator-test-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
			this.port = freePort();
			this.distributionPort = freePort();
			Files.createDirectories(dir.resolve("home"));
			Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.local = 127.0.0.1:" + this.port + "\n");
			Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
			Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
		}

		/** The AMQP port, on 127.0.0.1 (user {@code guest}). */
		public int port() {
			return this.port;
		}

		/** The node's name, e.g. for {@code rabbitmqctl -n}. */
		public String name() {
			return this.name;
		}

		/**
		 * Stops the node as an operator's restart does ({@code rabbitmqctl stop}: every connection
		 * dropped, the process ended), then starts it again on the same port and data, and returns
		 * once it accepts connections again.
		 */
		public void restart() throws IOException, InterruptedException {
			stop();
			start();
		}

		/** Messages in a queue of the node (ready and unacknowledged), or -1 if it has no such queue. */
		public long messages(String queue) throws IOException, InterruptedException {
			for (String line : ctl("-q", "list_queues", "name", "messages")) {
				String[] columns = line.split("\t");
				if (columns.length == 2 && columns[0].equals(queue)) {
					return Long.parseLong(columns[1].trim());
				}
			}
			return -1;
		}

		private void start() throws IOException, InterruptedException {
			this.starts++;
			ProcessBuilder builder = new ProcessBuilder(this.bin.resolve("rabbitmq-server").toString())
				.redirectErrorStream(true)
				.redirectOutput(this.dir.resolve("server-" + this.starts + ".out").toFile());
			builder.environment().putAll(environment());
			this.process = builder.start();
			long deadline = System.nanoTime() + STARTUP.toNanos();
			while (true) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("the private RabbitMQ node " + this.name + " ended at its start:\n"
							+ Files.readString(this.dir.resolve("server-" + this.starts + ".out")));
				}
				try {
					// answers at once (not running) until the node has registered with epmd
					ctl("-q", "await_startup", "--timeout", "60");
					return;
				}
				catch (IllegalStateException notYet) {
					if (System.nanoTime() > deadline) {
						throw notYet;
					}
				}
				Thread.sleep(250);
			}
		}

		private void stop() throws IOException, InterruptedException {
			if (this.process == null || !this.process.isAlive()) {
				return;
			}
			try {
				ctl("-q", "stop");
			}
			catch (IllegalStateException ex) {
				// stopped below all the same
			}
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly();
				this.process.waitFor(60, TimeUnit.SECONDS);
			}
		}

		private Map<String, String> environment() {
			return Map.of("HOME", this.dir.resolve("home").toString(), "RABBITMQ_CONF_ENV_FILE",
					this.dir.resolve("rabbitmq-env.conf").toString(), "RABBITMQ_NODENAME", this.name,
					"RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1", "RABBITMQ_NODE_PORT", Integer.toString(this.port),
					"RABBITMQ_DIST_PORT", Integer.toString(this.distributionPort), "RABBITMQ_MNESIA_BASE",
					this.dir.resolve("mnesia").toString(), "RABBITMQ_LOG_BASE", this.dir.resolve("log").toString(),
					"RABBITMQ_CONFIG_FILE", this.dir.resolve("rabbitmq.conf").toString(),
					"RABBITMQ_ENABLED_PLUGINS_FILE", this.dir.resolve("enabled_plugins").toString());
		}

		private List<String> ctl(String... arguments) throws IOException, InterruptedException {
			List<String> command = new ArrayList<>(
					List.of(this.bin.resolve("rabbitmqctl").toString(), "-n", this.name));
			command.addAll(List.of(arguments));
			return run(environment(), command.toArray(String[]::new));
		}

		@Override
		public void close() throws IOException, InterruptedException {
			stop();
			try (Stream<Path> paths = Files.walk(this.dir)) {
				paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
		}

		private static int freePort() throws IOException {
			try (ServerSocket socket = new ServerSocket(0)) {
				return socket.getLocalPort();
			}
		}

	}

	private static List<String> run(String... command) throws IOException, InterruptedException {
		return run(Map.of(), command);
	}

	private static List<String> run(Map<String, String> environment, String... command)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
		}
		return output.lines().toList();
	}

	private static boolean reachable() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, PORT), 1000);
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
