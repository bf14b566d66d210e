package io.ecsmigrator.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

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
			try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
				lock.setLong(1, key);
				try (ResultSet rs = lock.executeQuery()) {
					rs.next();
					if (!rs.getBoolean(1)) {
						throw new RunInProgressException(
								"another migrator process is running %s on %s right now; wait for it to end"
									.formatted(jobName, inventoryPath));
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
