package io.ecsmigrator.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.ecsmigrator.inventory.InventoryFile;
import io.ecsmigrator.job.ValidateJobConfiguration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "validate", description = "Checks an inventory offline (no cloud calls) and writes its report.")
class ValidateCommand implements Callable<Integer> {

	@ParentCommand
	private MigratorCommand parent;

	@Option(names = "--inventory", required = true, paramLabel = "FILE", description = "The inventory CSV.")
	private Path inventory;

	@Option(names = "--report", paramLabel = "FILE",
			description = "Where to write the report (default: migrator-data/reports/<name>-validate-run-<id>.csv).")
	private Path report;

	@Override
	public Integer call() throws Exception {
		InventoryRunner runner = new InventoryRunner(System.out, System.err);
		InventoryFile file = runner.inspect(this.inventory);
		return runner.run(this.parent.context(), ValidateJobConfiguration.JOB, file, this.report);
	}

}
