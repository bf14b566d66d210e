package io.ecsmigrator.support;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The two ledgers tests run on: H2 in PostgreSQL mode (always) and a real PostgreSQL (on
 * 127.0.0.1:5432, database {@code test}), each test class in a schema of its own.
 * <p>
 * {@code -Dmigrator.test.postgres=auto} (the default) skips the PostgreSQL tests when no server
 * answers, so the tests run on a machine with only a JDK; {@code required} (CI) fails them instead.
 */
public final class TestDatabases {

	/** As the migrator's default ledger has them (application.properties), durable commits included. */
	public static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
			+ ";WRITE_DELAY=0";

	private static final String POSTGRES_URL = System.getProperty("migrator.test.postgres.url",
			"jdbc:postgresql://127.0.0.1:5432/test");

	private static final String POSTGRES_USER = System.getProperty("migrator.test.postgres.user", "postgres");

	private TestDatabases() {
	}

	public static String h2MemoryUrl() {
		return "jdbc:h2:mem:" + UUID.randomUUID() + H2_OPTIONS + ";DB_CLOSE_DELAY=-1";
	}

	public static void registerH2(DynamicPropertyRegistry registry) {
		String url = h2MemoryUrl();
		registry.add("spring.datasource.url", () -> url);
	}

	/** Skips (or, when required, fails) the calling test class if PostgreSQL does not answer. */
	public static void assumePostgres() {
		boolean reachable = postgresReachable();
		if (!reachable && "required".equals(System.getProperty("migrator.test.postgres"))) {
			throw new IllegalStateException("PostgreSQL is required (-Dmigrator.test.postgres=required) but "
					+ POSTGRES_URL + " does not answer");
		}
		Assumptions.assumeTrue(reachable, "PostgreSQL at " + POSTGRES_URL + " does not answer");
	}

	/** Creates a fresh schema and returns a JDBC URL whose default schema it is. */
	public static String newPostgresSchema() {
		String schema = "migrator_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
			.toLowerCase(Locale.ROOT);
		try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create schema " + schema, ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(schema)));
		return POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

	public static String postgresUser() {
		return POSTGRES_USER;
	}

	public static void registerPostgres(DynamicPropertyRegistry registry) {
		String url = newPostgresSchema();
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> POSTGRES_USER);
	}

	private static void dropSchema(String schema) {
		try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
		}
		catch (SQLException ex) {
			// best effort: a leftover test schema harms nothing
		}
	}

	private static boolean postgresReachable() {
		String hostPort = POSTGRES_URL.replaceFirst("^jdbc:postgresql://", "").replaceFirst("/.*$", "");
		String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
		int port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)) : 5432;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
