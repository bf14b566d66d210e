package io.ecsmigrator.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.RunRepository;
import io.ecsmigrator.track.ImportCanceller;
import io.ecsmigrator.track.ImportTracker;
import io.ecsmigrator.track.TrackProperties;

import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "cancel", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, description = "Cancels a run's imports in flight (CancelTask) and marks them CANCELLED.")
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
		String missing = this.parent.missingLedger();
		if (missing != null) {
			this.parent.err().println("error: " + missing);
			return ExitCodes.USAGE;
		}
		return LocalSandbox.around(this.sandboxScenario, this.parent, () -> cancel(this.parent.context()));
	}

	private int cancel(ConfigurableApplicationContext context) {
		if (context.getBean(RunRepository.class).find(this.runId).isEmpty()) {
			this.parent.err().printf("error: no run %d in the ledger (status lists the runs)%n", this.runId);
			return ExitCodes.USAGE;
		}
		CloudClients clients = context.getBean(CloudClients.class);
		ErrorCatalogue catalogue = context.getBean(ErrorCatalogue.class);
		ImportTracker tracker = new ImportTracker(clients, clients.retrier(),
				context.getBean(TrackProperties.class).notFoundGrace(), context.getBean(Clock.class), catalogue);
		ImportCanceller.Result result = new ImportCanceller(clients, clients.retrier(),
				context.getBean(ImageRepository.class), tracker)
			.cancel(this.runId);
		this.parent.out().printf("Run %d: %,d import(s) cancelled, %,d had already ended%s.%n", this.runId,
				result.cancelled(), result.alreadyEnded(), (result.alreadyEnded() > result.recorded())
						? " (%,d recorded now, the others by the next import --wait)".formatted(result.recorded()) : "");
		if (result.withoutTask() > 0) {
			this.parent.out().printf("%,d import(s) without a task ECS lists: cancel them in the console.%n",
					result.withoutTask());
		}
		if (result.refused() > 0) {
			this.parent.out().printf("%,d import(s) not cancelled: %s%n", result.refused(), result.failure());
		}
		if (result.accountStop() != null) {
			this.parent.err().printf("error: cancel stopped: %s%n  hint: %s%n", result.accountStop(),
					catalogue.hint(result.accountStop()));
			return ExitCodes.DEFERRED;
		}
		if (result.unreachable() > 0) {
			this.parent.err().printf("error: %,d import(s) still in flight, the cloud did not answer: %s%n  Run the same "
					+ "command again to cancel them.%n", result.unreachable(), result.failure());
			return ExitCodes.INFRASTRUCTURE;
		}
		return result.complete() ? ExitCodes.OK : ExitCodes.IMAGES_FAILED;
	}

}
