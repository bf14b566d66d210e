package io.ecsmigrator.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.RunRepository;
import io.ecsmigrator.track.ImportCanceller;

import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "cancel", description = "Cancels a run's imports in flight (CancelTask) and marks them CANCELLED.")
class CancelCommand implements Callable<Integer> {

	@ParentCommand
	private MigratorCommand parent;

	@Option(names = "--run", required = true, paramLabel = "ID", description = "The run (see status).")
	private long runId;

	@Option(names = "--sandbox", paramLabel = "SCENARIO",
			description = "Cancel in the local sandbox that import --sandbox used, not in Alibaba Cloud.")
	private Path sandboxScenario;

	@Override
	public Integer call() throws Exception {
		return LocalSandbox.around(this.sandboxScenario, this.parent, () -> cancel(this.parent.context()));
	}

	private int cancel(ConfigurableApplicationContext context) {
		if (context.getBean(RunRepository.class).findAll().stream().noneMatch(run -> run.runId() == this.runId)) {
			System.err.printf("error: no run %d in the ledger (status lists the runs)%n", this.runId);
			return ExitCodes.USAGE;
		}
		CloudClients clients = context.getBean(CloudClients.class);
		ImportCanceller.Result result = new ImportCanceller(clients, clients.retrier(),
				context.getBean(ImageRepository.class))
			.cancel(this.runId);
		System.out.printf("Run %d: %,d import(s) cancelled, %,d had already ended (the next import --wait records "
				+ "them)%s.%n", this.runId, result.cancelled(), result.alreadyEnded(), (result.withoutTask() > 0)
						? ", %,d without a known task id (cancel them in the console)".formatted(result.withoutTask()) : "");
		return ExitCodes.OK;
	}

}
