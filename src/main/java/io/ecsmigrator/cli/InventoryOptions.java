package io.ecsmigrator.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The options of the commands that run an inventory. */
class InventoryOptions {

	@Option(names = "--inventory", required = true, paramLabel = "FILE", description = "The inventory CSV.")
	Path inventory;

	@Option(names = "--report", paramLabel = "FILE",
			description = "Where to write the report (default: <inventory>-<command>-run-<id>.csv in "
					+ "migrator-data/reports/).")
	Path report;

	@Option(names = "--json", description = "At the end, print one JSON document on stdout (run id, exit code, "
			+ "images per status, error codes, report); the progress and the summary go to stderr.")
	boolean json;

}
