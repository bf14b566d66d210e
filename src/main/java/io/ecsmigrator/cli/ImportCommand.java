package io.ecsmigrator.cli;

import java.util.concurrent.Callable;

import io.ecsmigrator.inventory.InventoryFile;
import io.ecsmigrator.job.ImportJobConfiguration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "import",
		description = { "Imports the images of an inventory. Running it again continues the same run.",
				"Today it loads and plans the inventory; the cloud steps (preflight, submit, track) are not built yet." })
class ImportCommand implements Callable<Integer> {

	@ParentCommand
	private MigratorCommand parent;

	@Mixin
	private InventoryOptions options;

	@Override
	public Integer call() throws Exception {
		InventoryRunner runner = new InventoryRunner(System.out, System.err);
		InventoryFile file = runner.inspect(this.options.inventory);
		int exit = runner.run(this.parent.context(), ImportJobConfiguration.JOB, file, this.options.report);
		System.out.println("Note: the cloud steps (preflight, submit, track) are not built yet; nothing was sent to "
				+ "ECS. The images above are validated and planned.");
		return exit;
	}

}
