package io.ecsmigrator.cli;

import java.util.concurrent.Callable;

import io.ecsmigrator.inventory.InventoryFile;
import io.ecsmigrator.job.ValidateJobConfiguration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, description = "Checks an inventory offline (no cloud calls) and writes its report.")
class ValidateCommand implements Callable<Integer> {

	@ParentCommand
	private MigratorCommand parent;

	@Mixin
	private InventoryOptions options;

	@Override
	public Integer call() throws Exception {
		if (this.options.json) {
			this.parent.humanTextToErr();
		}
		InventoryRunner runner = new InventoryRunner(this.parent.out(), this.parent.err(),
				this.options.json ? this.parent.jsonOut() : null);
		InventoryFile file = runner.inspect(this.options.inventory);
		return runner.run(this.parent.context(), ValidateJobConfiguration.JOB, file, this.options.report);
	}

}
