package io.ecsmigrator.cli;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ecsmigrator.cloud.Causes;
import io.ecsmigrator.inventory.InventoryFileException;
import io.ecsmigrator.job.RunLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.core.NestedExceptionUtils;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what escaped a command into one clear line and an exit code. A user's mistake never shows
 * a stack trace; an unexpected failure's stack trace goes to the log file only.
 */
class FailureHandler implements IExecutionExceptionHandler {

	/** org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1, without a compile dependency on H2. */
	private static final int H2_DATABASE_ALREADY_OPEN = 90020;

	private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

	/** Logs to the file only (see logback-spring.xml), never to the console. */
	static final Logger FAILURES = LoggerFactory.getLogger("io.ecsmigrator.failures");

	@Override
	public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
		var err = commandLine.getErr();
		Throwable root = NestedExceptionUtils.getMostSpecificCause(ex);
		if (ex instanceof InventoryFileException) {
			err.println("error: " + ex.getMessage());
			return ExitCodes.USAGE;
		}
		if (ex instanceof RunLock.RunInProgressException) {
			// nothing is broken: the other process is doing the work
			err.println("error: " + ex.getMessage());
			return ExitCodes.DEFERRED;
		}
		LedgerReadOnly.OutdatedException outdated = find(ex, LedgerReadOnly.OutdatedException.class);
		if (outdated != null) {
			err.println("error: " + outdated.getMessage());
			return ExitCodes.USAGE;
		}
		SQLException inUse = embeddedLedgerInUse(ex);
		if (inUse != null) {
			err.printf("error: the embedded ledger %s is in use by another migrator process: an import is running "
					+ "in this folder, and the embedded ledger admits one process at a time.%n", ledgerFile(inUse));
			err.println("To watch a running wave, read the running import's own output, or keep the ledger in "
					+ "PostgreSQL (README, \"PostgreSQL\"), which status and report read while an import runs. "
					+ "Run the same command again once the import has ended.");
			return ExitCodes.DEFERRED;
		}
		FAILURES.error("{} failed", commandLine.getCommandName(), ex);
		if (find(ex, BindException.class) != null) {
			err.println("error: invalid configuration: " + root.getMessage());
			return ExitCodes.USAGE;
		}
		SQLException sql = find(ex, SQLException.class);
		if (sql != null || find(ex, ConnectException.class) != null) {
			err.println("error: the ledger database cannot be used: " + ((sql != null) ? sql : root).getMessage());
			err.println("Check spring.datasource.url (and that no other migrator process holds the embedded "
					+ "ledger), then run the same command again.");
			return ExitCodes.INFRASTRUCTURE;
		}
		err.println("error: " + root.getClass().getSimpleName() + ": " + root.getMessage());
		err.println("The details are in the log (migrator-data/migrator.log by default). Run the same command "
				+ "again to continue.");
		return ExitCodes.INFRASTRUCTURE;
	}

	/** H2's "Database may be already in use" (error 90020): another process has the file open. */
	private static SQLException embeddedLedgerInUse(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
				return sql;
			}
		}
		return null;
	}

	/** The file H2 names in its message, or words for it. */
	private static String ledgerFile(SQLException inUse) {
		Matcher file = QUOTED.matcher(String.valueOf(inUse.getMessage()));
		return file.find() ? file.group(1) : "(its file)";
	}

	private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
		return Causes.find(ex, type);
	}

}
