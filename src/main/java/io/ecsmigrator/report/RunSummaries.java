package io.ecsmigrator.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import io.ecsmigrator.inventory.LineError;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.ledger.StagingRepository;

import org.springframework.stereotype.Component;

/** Builds a run's summary from the ledger and prints it as a table. */
@Component
public class RunSummaries {

	private final ImageRepository images;

	private final StagingRepository staging;

	public RunSummaries(ImageRepository images, StagingRepository staging) {
		this.images = images;
		this.staging = staging;
	}

	/** How many errors the console shows before pointing to the report. */
	static final int ERROR_PREVIEW = 10;

	public RunSummary of(long runId) {
		return new RunSummary(runId, this.staging.countLines(runId), this.images.countByStatus(runId),
				this.images.countByErrorCode(runId));
	}

	/**
	 * Prints the first errors, each as {@code file: line L, column C (name): code: message}, so the
	 * operator sees where to look without opening the report.
	 */
	public void printFirstErrors(long runId, String fileName, PrintStream out) {
		// each message holds one or more errors: one message more than shown tells whether there is more
		List<String> errors = this.images.firstErrorMessages(runId, ERROR_PREVIEW + 1)
			.stream()
			.flatMap(message -> LineError.split(message).stream())
			.toList();
		if (errors.isEmpty()) {
			return;
		}
		out.println();
		errors.stream().limit(ERROR_PREVIEW).forEach(error -> out.println(fileName + ": " + error));
		if (errors.size() > ERROR_PREVIEW) {
			out.println("… every error is in the report.");
		}
	}

	public static void print(RunSummary summary, PrintStream out) {
		out.printf("%nRun %d: %,d inventory lines, %,d images%n", summary.runId(), summary.lines(), summary.images());
		out.printf("  %-20s %10s%n", "status", "images");
		for (Map.Entry<ImageStatus, Long> entry : summary.byStatus().entrySet()) {
			out.printf("  %-20s %,10d%n", entry.getKey(), entry.getValue());
		}
		if (!summary.byErrorCode().isEmpty()) {
			out.printf("  %-40s %10s%n", "error code", "images");
			for (Map.Entry<String, Long> entry : summary.byErrorCode().entrySet()) {
				out.printf("  %-40s %,10d%n", entry.getKey(), entry.getValue());
			}
		}
	}

}
