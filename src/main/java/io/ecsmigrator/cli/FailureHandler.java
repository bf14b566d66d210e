package io.ecsmigrator.cli;

import java.net.ConnectException;
import java.sql.SQLException;

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
			err.println("error: " + ex.getMessage());
			return ExitCodes.INFRASTRUCTURE;
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

	private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
		return Causes.find(ex, type);
	}

}
