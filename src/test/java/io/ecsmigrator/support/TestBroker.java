package io.ecsmigrator.support;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.UUID;

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
