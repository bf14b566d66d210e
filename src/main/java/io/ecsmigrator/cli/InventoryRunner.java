package io.ecsmigrator.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import io.ecsmigrator.MigratorProperties;
import io.ecsmigrator.inventory.InventoryFile;
import io.ecsmigrator.inventory.InventoryFileException;
import io.ecsmigrator.inventory.InventoryFileInspector;
import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.Causes;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.ErrorClass;
import io.ecsmigrator.job.ImportJobConfiguration;
import io.ecsmigrator.job.RunLauncher;
import io.ecsmigrator.job.RunOptions;
import io.ecsmigrator.job.Progress;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.job.RunStoppedException;
import io.ecsmigrator.job.ShutdownProperties;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.job.RunOutcome;
import io.ecsmigrator.report.ReportWriter;
import io.ecsmigrator.report.RunSummaries;
import io.ecsmigrator.report.RunSummary;
import io.ecsmigrator.track.TrackProperties;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What {@code validate} and {@code import} share: check the file, start or continue its run, write
 * the report (also after a failure: it then shows how far the run got), print the summary, and
 * choose the exit code.
 */
class InventoryRunner {

	private final PrintWriter out;

	private final PrintWriter err;

	/** The inventory as the operator named it, for messages. */
	private String displayName;

	/** Where the {@code --json} document goes, or {@code null}. */
	private final PrintWriter json;

	/** @param json where to print the {@code --json} document, or {@code null} for none */
	InventoryRunner(PrintWriter out, PrintWriter err, PrintWriter json) {
		this.out = out;
		this.err = err;
		this.json = json;
	}

	/** Checks the file before Spring starts, so a bad file costs no database work. */
	InventoryFile inspect(Path inventory) {
		this.displayName = inventory.toString();
		InventoryFile file = new InventoryFileInspector().inspect(inventory);
		for (String unknown : file.header().unknownColumns()) {
			this.err.printf("warning: %s:1: column %s is not an inventory column and is ignored%n", inventory,
					unknown);
		}
		return file;
	}

	int run(ConfigurableApplicationContext context, String jobName, InventoryFile inventory, Path report)
			throws Exception {
		return run(context, jobName, inventory, report, RunOptions.DEFAULTS);
	}

	int run(ConfigurableApplicationContext context, String jobName, InventoryFile inventory, Path report,
			RunOptions options) throws Exception {
		Job job = context.getBean(jobName + "Job", Job.class);
		// Ctrl-C or SIGTERM from here on stops the run cleanly, and still gets the report and the summary
		try (CtrlC ctrlC = CtrlC.during(context.getBean(RunStopper.class), context.getBean(Progress.class),
				context.getBean(ShutdownProperties.class).grace())) {
			return launch(context, job, jobName, inventory, report, options, ctrlC);
		}
	}

	private int launch(ConfigurableApplicationContext context, Job job, String jobName, InventoryFile inventory,
			Path report, RunOptions options, CtrlC ctrlC) throws Exception {
		RunOutcome outcome = context.getBean(RunLauncher.class).launch(job, inventory, options);
		// a recovered or continued run was said when it happened (Progress.notice)
		if (outcome.alreadyComplete()) {
			this.out.printf("Run %d of %s already completed; nothing to redo.%n", outcome.runId(), inventory.path());
		}
		RunSummaries summaries = context.getBean(RunSummaries.class);
		RunSummary summary = summaries.of(outcome.runId());
		Path target = (report != null) ? report
				: context.getBean(MigratorProperties.class)
					.reportsDir()
					.resolve(ReportWriter.defaultName(inventory.name(), jobName, outcome.runId()));
		long written = context.getBean(ReportWriter.class).write(outcome.runId(), target);
		ConsoleWriters.print(this.out, stream -> {
			summaries.printFirstErrors(outcome.runId(), this.displayName, stream);
			RunSummaries.print(summary, stream);
		});
		this.out.printf("%nReport: %s (%,d images)%n", target.toAbsolutePath(), written);
		int exitCode = (outcome.status() == BatchStatus.FAILED || outcome.status() == BatchStatus.UNKNOWN)
				? failed(outcome, context.getBean(ErrorCatalogue.class))
				: ended(context, jobName, options, outcome, summary, ctrlC);
		if (this.json != null) {
			JsonDocuments.write(this.json,
					JsonDocuments.RunDocument.of(jobName, inventory.path(), exitCode, summary, target));
		}
		return exitCode;
	}

	/**
	 * Completed (now or before: a repeated command answers as the first did), or stopped with work
	 * left for a later launch: the ledger says which.
	 */
	private int ended(ConfigurableApplicationContext context, String jobName, RunOptions options, RunOutcome outcome,
			RunSummary summary, CtrlC ctrlC) {
		RunEnd end = RunEnd.of(summary, ImportJobConfiguration.JOB.equals(jobName), options,
				outcome.trackTimedOut(), context.getBean(TrackProperties.class).timeout());
		for (RunEnd.Line line : end.lines()) {
			this.out.println(line.text());
			if (line.deferredReasons()) {
				context.getBean(ImageRepository.class)
					.reasons(outcome.runId(), ImageStatus.DEFERRED)
					.forEach((code, hint) -> this.out.printf("  %s: %s%n", code, hint));
			}
		}
		if (outcome.interrupted() && !outcome.completed()) {
			this.out.printf("Run %d stopped by %s. Run the same command to continue where it stopped.%n",
					outcome.runId(), ctrlC.stoppedBy());
			return ctrlC.exitCode();
		}
		return end.exitCode();
	}

	private int failed(RunOutcome outcome, ErrorCatalogue catalogue) {
		Throwable cause = outcome.failures().isEmpty() ? null : outcome.failures().get(0);
		for (Throwable failure : outcome.failures()) {
			for (Throwable t : Causes.chain(failure)) {
				if (t instanceof InventoryFileException user) {
					this.err.println("error: " + user.getMessage());
					return ExitCodes.USAGE;
				}
				if (t instanceof RunStoppedException stop) {
					this.err.printf("error: run %d stopped: %s%n", outcome.runId(), stop.getMessage());
					this.err.println("To fix: " + stop.fix() + ".");
					this.err.println("Then run the same command again: the run goes on where it stopped.");
					return ExitCodes.DEFERRED;
				}
				if (t instanceof CloudCallException call && (call.failure().errorClass() == ErrorClass.ACCOUNT
						|| call.failure().errorClass() == ErrorClass.CLOCK
						|| call.failure().errorClass() == ErrorClass.QUOTA)) {
					this.err.printf("error: run %d stopped: %s%n", outcome.runId(), call.getMessage());
					this.err.println("To fix: " + catalogue.hint(call.failure()) + ".");
					this.err.println("Then run the same command again: the run goes on where it stopped.");
					return ExitCodes.DEFERRED;
				}
			}
		}
		if (cause != null) {
			FailureHandler.FAILURES.error("run {} failed", outcome.runId(), cause);
		}
		this.err.printf("error: run %d stopped (%s): %s%n", outcome.runId(), outcome.status(),
				(cause != null) ? cause.getMessage() : "no cause recorded");
		this.err.println("The report shows how far it got. Run the same command again to continue where it stopped.");
		return ExitCodes.INFRASTRUCTURE;
	}


}
