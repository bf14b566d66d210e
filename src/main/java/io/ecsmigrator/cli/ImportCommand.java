package io.ecsmigrator.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.ecsmigrator.distributed.DistributedProperties;
import io.ecsmigrator.inventory.InventoryFile;
import io.ecsmigrator.job.ImportJobConfiguration;
import io.ecsmigrator.job.RunOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = { "Imports the images of an inventory: load, plan, preflight, submit, track.",
				"Running the same command again continues the same run where it stopped; it never imports an image twice." })
class ImportCommand implements Callable<Integer> {

	@ParentCommand
	private MigratorCommand parent;

	@Mixin
	private InventoryOptions options;

	@Option(names = "--dry-run", description = "Check every image against the cloud (preflight), import nothing.")
	private boolean dryRun;

	@Option(names = "--wait", description = "Follow the imports until each is available or failed "
			+ "(at most migrator.track.timeout).")
	private boolean waitForImports;

	@Option(names = "--threads", defaultValue = "16", paramLabel = "N",
			description = "Images checked at once in preflight, 1 to " + RunOptions.MAX_THREADS
					+ " (default: ${DEFAULT-VALUE}).")
	private int threads;

	@Option(names = "--sandbox", paramLabel = "SCENARIO",
			description = "Run against a local sandbox of ECS, OSS and RAM started from this scenario (YAML), "
					+ "not against Alibaba Cloud. Its state is kept in migrator-data/sandbox/, so a second run "
					+ "sees the images of the first.")
	private Path sandboxScenario;

	@Option(names = "--workers",
			description = "Be the manager of a distributed wave: load and plan here, and have the processes of "
					+ "the 'worker' command run preflight's partitions, through RabbitMQ (spring.rabbitmq.*) and "
					+ "the PostgreSQL ledger they share (README, \"Distributed mode\").")
	private boolean workers;

	@Override
	public Integer call() throws Exception {
		String threadsProblem = RunOptions.threadsProblem(this.threads);
		if (threadsProblem != null) {
			this.parent.err().println("error: " + threadsProblem);
			return ExitCodes.USAGE;
		}
		if (this.workers) {
			String refusal = DistributedMode.refusal(this.parent, "import --workers", this.sandboxScenario);
			if (refusal != null) {
				this.parent.err().println("error: " + refusal);
				return ExitCodes.USAGE;
			}
			DistributedMode.configure(this.parent, DistributedProperties.MANAGER, DistributedMode.MANAGER_POOL);
		}
		if (this.options.json) {
			this.parent.humanTextToErr();
		}
		InventoryRunner runner = new InventoryRunner(this.parent.out(), this.parent.err(),
				this.options.json ? this.parent.jsonOut() : null);
		InventoryFile file = runner.inspect(this.options.inventory);
		RunOptions run = new RunOptions(this.dryRun, this.waitForImports, this.threads);
		return LocalSandbox.around(this.sandboxScenario, this.parent,
				() -> runner.run(this.parent.context(), ImportJobConfiguration.JOB, file, this.options.report, run));
	}

}
