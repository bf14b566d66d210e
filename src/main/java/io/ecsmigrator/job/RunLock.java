package io.ecsmigrator.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;

import javax.sql.DataSource;

import io.ecsmigrator.ledger.LedgerDatabase;

import org.springframework.stereotype.Component;

/**
 * Keeps two processes from running the same run at once. Without it, the second would take the
 * first's live execution for one left behind by a dead process, recover it and run it again.
 * <p>
 * On PostgreSQL it is a session advisory lock, held on its own connection until the command ends;
 * the server drops it when a killed process's connection goes. The embedded H2 ledger needs none:
 * its file admits one process at a time.
 */
@Component
public class RunLock {

	private final DataSource dataSource;

	public RunLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** A held lock; closing it releases it. */
	public interface Held extends AutoCloseable {

		@Override
		void close();

	}

	/**
	 * @throws RunInProgressException if another process holds the run
	 */
	public Held acquire(String jobName, String inventoryPath, String sha256) throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try {
			if (!LedgerDatabase.isPostgres(connection)) {
				connection.close();
				return () -> {
				};
			}
			long key = key(jobName + "\n" + inventoryPath + "\n" + sha256);
			// the session says whose it is, so that a refused process can name the holder
			try (PreparedStatement name = connection.prepareStatement("SELECT set_config('application_name', ?, false)")) {
				name.setString(1, holderName());
				name.execute();
			}
			try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
				lock.setLong(1, key);
				try (ResultSet rs = lock.executeQuery()) {
					rs.next();
					if (!rs.getBoolean(1)) {
						throw new RunInProgressException(
								"another migrator process is running %s on %s right now (%s): run the same command "
									.formatted(jobName, inventoryPath, holder(connection, key))
										+ "again once it has ended");
					}
				}
			}
			return () -> release(connection, key);
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	/** {@code ecs-image-migrator pid 4242 on host-1}: at most 63 characters, PostgreSQL's limit for it. */
	static String holderName() {
		String name = "ecs-image-migrator pid %d on %s".formatted(ProcessHandle.current().pid(), hostName());
		return (name.length() > 63) ? name.substring(0, 63) : name;
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "an unnamed host";
		}
	}

	/**
	 * The process holding the lock, as its session named itself, with the address it connected from.
	 * A bigint advisory lock shows in pg_locks as classid (high half) and objid (low half) with
	 * objsubid 1 (PostgreSQL manual, "pg_locks").
	 */
	private static String holder(Connection connection, long key) {
		String sql = "SELECT a.application_name, a.client_addr, a.backend_start FROM pg_locks l "
				+ "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
				+ "AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1";
		try (PreparedStatement query = connection.prepareStatement(sql)) {
			query.setLong(1, key >>> 32);
			query.setLong(2, key & 0xFFFFFFFFL);
			try (ResultSet rs = query.executeQuery()) {
				if (!rs.next()) {
					return "it has just ended";
				}
				String name = rs.getString(1);
				String address = rs.getString(2);
				java.sql.Timestamp since = rs.getTimestamp(3);
				return "%s%s%s".formatted((name == null || name.isBlank()) ? "a process without a name" : name,
						(address != null) ? ", connected from " + address : "",
						(since != null) ? ", since " + since.toInstant().truncatedTo(ChronoUnit.SECONDS) : "");
			}
		}
		catch (SQLException ex) {
			return "its name could not be read: " + ex.getMessage();
		}
	}

	private static void release(Connection connection, long key) {
		try (connection; PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
			unlock.setLong(1, key);
			unlock.execute();
		}
		catch (SQLException ex) {
			// closing the session releases the lock anyway
		}
	}

	private static long key(String identity) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
			long key = 0;
			for (int i = 0; i < 8; i++) {
				key = (key << 8) | (digest[i] & 0xFF);
			}
			return key;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

	/** The run is being executed by another process. */
	public static class RunInProgressException extends RuntimeException {

		public RunInProgressException(String message) {
			super(message);
		}

	}

}
