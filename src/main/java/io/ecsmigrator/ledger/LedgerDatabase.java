package io.ecsmigrator.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** Which database holds the ledger, for the few things only PostgreSQL needs (statistics, locks). */
public final class LedgerDatabase {

	private LedgerDatabase() {
	}

	public static boolean isPostgres(Connection connection) throws SQLException {
		return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
	}

}
