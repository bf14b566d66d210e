package io.ecsmigrator.cli;

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

@Command(name = "report", description = "Writes a run's report again from the ledger.")
class ReportCommand implements Callable<Integer> {

	@ParentCommand
	private MigratorCommand parent;

	@Option(names = "--run", paramLabel = "ID", description = "The run (default: the latest).")
	private Long runId;

	@Option(names = "--out", paramLabel = "FILE",
			description = "Where to write it (default: migrator-data/reports/run-<id>.csv).")
	private Path out;

	@Override
	public Integer call() throws Exception {
		ConfigurableApplicationContext context = this.parent.context();
		RunRepository runs = context.getBean(RunRepository.class);
		MigrationRun run = ((this.runId != null) ? runs.find(this.runId) : runs.findLatest()).orElse(null);
		if (run == null) {
			System.err.println((this.runId != null) ? "error: there is no run " + this.runId
					+ " in the ledger; 'status' lists the runs" : "error: the ledger has no runs yet");
			return ExitCodes.USAGE;
		}
		Path target = (this.out != null) ? this.out
				: context.getBean(MigratorProperties.class).reportsDir().resolve("run-%d.csv".formatted(run.runId()));
		long written = context.getBean(ReportWriter.class).write(run.runId(), target);
		RunSummaries.print(context.getBean(RunSummaries.class).of(run.runId()), System.out);
		System.out.printf("%nReport: %s (%,d images)%n", target.toAbsolutePath(), written);
		return ExitCodes.OK;
	}

}
