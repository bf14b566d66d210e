package io.ecsmigrator.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ecsmigrator.inventory.LineError;
import io.ecsmigrator.inventory.Quoted;
import io.ecsmigrator.ledger.ImageMessage;
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
				this.images.countByErrorCode(runId),
				this.images.first(runId, ImageStatus.ALREADY_IMPORTED, RunSummary.IMPORTED_BEFORE_SHOWN));
	}

	/**
	 * Prints the first errors in line order, each as {@code file: line L, column C (name): code: message};
	 * an error of the cloud, which is about an image rather than a cell, names the image's lines and
	 * the image. Images imported before are not errors and are not listed here (see {@code RunEnd}).
	 */
	public void printFirstErrors(long runId, String fileName, PrintStream out) {
		FirstErrors errors = firstErrors(this.images.firstErrors(runId, ERROR_PREVIEW + 1));
		if (errors.shown().isEmpty()) {
			return;
		}
		out.println();
		// a cloud error may quote a value as it came (an object key): no value may break the console's line
		errors.shown().forEach(error -> out.println(fileName + ": " + Quoted.escapedText(error)));
		if (errors.more()) {
			out.println("… every error is in the report.");
		}
	}

	/**
	 * The errors of the first images, in line order. The images come in order of their first line, but
	 * an image's errors may stand on any of its lines, and another image's lines between them: only
	 * errors before the first line of the last image read are surely the first ones, so that image is
	 * read to know where the certain part ends.
	 *
	 * @param images the first images with errors, at most {@link #ERROR_PREVIEW} + 1
	 */
	static FirstErrors firstErrors(List<ImageMessage> images) {
		int certainBefore = (images.size() > ERROR_PREVIEW) ? images.get(ERROR_PREVIEW).firstLine() : Integer.MAX_VALUE;
		List<LineAndText> errors = new ArrayList<>();
		for (ImageMessage image : images) {
			for (String error : LineError.split(image.message())) {
				Matcher line = LINE.matcher(error);
				errors.add(line.lookingAt() ? new LineAndText(Integer.parseInt(line.group(1)), error)
						: new LineAndText(image.firstLine(), aboutTheImage(image, error)));
			}
		}
		errors.sort(Comparator.comparingInt(LineAndText::line)); // stable: one line's errors keep their order
		List<String> shown = errors.stream()
			.filter(error -> error.line() < certainBefore)
			.map(LineAndText::text)
			.limit(ERROR_PREVIEW)
			.toList();
		return new FirstErrors(shown, shown.size() < errors.size() || images.size() > ERROR_PREVIEW);
	}

	/**
	 * @param shown the first errors in line order, at most {@link #ERROR_PREVIEW}
	 * @param more whether the report holds more
	 */
	record FirstErrors(List<String> shown, boolean more) {
	}

	private static final Pattern LINE = Pattern.compile("line (\\d+)");

	private record LineAndText(int line, String text) {
	}

	/** {@code lines 4-6 (image 'db-01' in cn-hangzhou): InvalidOSSObject.NotFound: …} */
	private static String aboutTheImage(ImageMessage image, String message) {
		String code = (image.errorCode() != null && !message.startsWith(image.errorCode())) ? image.errorCode() + ": "
				: "";
		return "%s (image %s in %s): %s%s".formatted(image.where(), Quoted.of(String.valueOf(image.imageName())),
				image.region(), code, message);
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
