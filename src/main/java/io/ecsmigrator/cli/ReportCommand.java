package io.ecsmigrator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.ecsmigrator.MigratorProperties;
import io.ecsmigrator.ledger.MigrationRun;
import io.ecsmigrator.ledger.RunRepository;
import io.ecsmigrator.report.ReportWriter;
import io.ecsmigrator.report.RunSummaries;

import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, description = "Writes a run's report again from the ledger.")
class ReportCommand implements Callable<Integer> {

	@ParentCommand
	private MigratorCommand parent;

	@Option(names = "--run", paramLabel = "ID", description = "The run (default: the latest).")
	private Long runId;

	@Option(names = "--out", paramLabel = "FILE",
			description = "Where to write it: a file, or a folder for the default name (default: "
					+ "<inventory>-<job>-run-<id>.csv in migrator-data/reports/). Missing folders are created.")
	private Path out;

	@Override
	public Integer call() throws Exception {
		String missing = this.parent.missingLedger();
		if (missing != null) {
			this.parent.err().println("error: " + missing);
			return ExitCodes.USAGE;
		}
		ConfigurableApplicationContext context = this.parent.context();
		RunRepository runs = context.getBean(RunRepository.class);
		MigrationRun run = ((this.runId != null) ? runs.find(this.runId) : runs.findLatest()).orElse(null);
		if (run == null) {
			this.parent.err().println((this.runId != null) ? "error: there is no run " + this.runId
					+ " in the ledger; 'status' lists the runs" : "error: the ledger has no runs yet");
			return ExitCodes.USAGE;
		}
		String name = ReportWriter.defaultName(run.inventoryPath(), run.jobName(), run.runId());
		Path target = (this.out == null) ? context.getBean(MigratorProperties.class).reportsDir().resolve(name)
				: Files.isDirectory(this.out) ? this.out.resolve(name) : this.out;
		long written;
		try {
			written = context.getBean(ReportWriter.class).write(run.runId(), target);
		}
		catch (IOException ex) {
			this.parent.err().printf("error: cannot write the report to %s: %s%n", target, why(ex));
			return ExitCodes.USAGE;
		}
		ConsoleWriters.print(this.parent.out(),
				stream -> RunSummaries.print(context.getBean(RunSummaries.class).of(run.runId()), stream));
		this.parent.out().printf("%nReport: %s (%,d images)%n", target.toAbsolutePath(), written);
		return ExitCodes.OK;
	}

	/** Why a path cannot be written, in words rather than an exception's name. */
	private static String why(IOException ex) {
		if (ex instanceof java.nio.file.AccessDeniedException) {
			return "permission denied";
		}
		if (ex instanceof java.nio.file.FileAlreadyExistsException
				|| ex instanceof java.nio.file.NotDirectoryException) {
			return "a part of the path is a file, not a folder";
		}
		if (ex instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
			return fs.getReason();
		}
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

}
