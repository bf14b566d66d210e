package io.ecsmigrator.report;

import java.io.PrintStream;
import java.util.Map;

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

	public RunSummary of(long runId) {
		return new RunSummary(runId, this.staging.countLines(runId), this.images.countByStatus(runId),
				this.images.countByErrorCode(runId));
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
