package io.ecsmigrator.cli;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * For {@code status}, {@code report} and {@code cancel}: Flyway checks the ledger's schema instead of
 * upgrading it (Spring Boot calls this strategy in place of {@code migrate()}). Upgrading is the work
 * of {@code import} and {@code validate}, which the operator runs knowingly; a look at the runs must
 * not change a ledger that an older migrator elsewhere may still use.
 */
final class LedgerReadOnly implements FlywayMigrationStrategy {

	@Override
	public void migrate(Flyway flyway) {
		MigrationInfo[] pending = flyway.info().pending();
		if (pending.length == 0) {
			return;
		}
		MigrationInfo current = flyway.info().current();
		MigrationVersion latest = pending[pending.length - 1].getVersion();
		throw new OutdatedException((current == null)
				? "the ledger has no tables yet: 'import' or 'validate' creates them"
				: "the ledger is at schema version %s and this migrator needs version %s: an 'import' or 'validate' "
					.formatted(current.getVersion(), latest)
						+ "upgrades it (this command only reads it)");
	}

	/** The ledger needs migrations that this command does not apply. */
	static final class OutdatedException extends RuntimeException {

		OutdatedException(String message) {
			super(message);
		}

	}

}
