package io.ecsmigrator.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The RabbitMQ the distributed tests use: 127.0.0.1:5672, user {@code guest} (which RabbitMQ admits
 * from localhost only), each test class with queues of its own.
 * <p>
 * {@code -Dmigrator.test.rabbitmq=auto} (the default) skips the distributed tests when no broker
 * answers, as the PostgreSQL tests are skipped without PostgreSQL; {@code required} (CI) fails them.
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

	private static List<String> run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
