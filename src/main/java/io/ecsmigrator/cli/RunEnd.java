package io.ecsmigrator.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ecsmigrator.inventory.Quoted;
import io.ecsmigrator.job.RunOptions;
import io.ecsmigrator.ledger.ImageMessage;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.report.RunSummary;

/**
 * What a launch that ran to its end (completed, or stopped with work left for a later launch) tells
 * the operator, and its exit code. Every kind of work left gets its own line that says what is
 * really left and why, so no line names a cause (such as the track timeout) that did not happen.
 *
 * @param exitCode {@link ExitCodes#INFRASTRUCTURE} when images are left unchecked after preflight's
 * sweeps (passing failures outlasted them), else {@link ExitCodes#DEFERRED} when a later launch has
 * work to do, else {@link ExitCodes#IMAGES_FAILED} when images need fixing or were cancelled, else
 * {@link ExitCodes#OK}
 * @param lines what to print, in this order
 */
record RunEnd(int exitCode, List<Line> lines) {

	/**
	 * @param deferredReasons the deferred images' codes and hints belong under this line
	 */
	record Line(String text, boolean deferredReasons) {

		static Line of(String text) {
			return new Line(text, false);
		}

	}

	/**
	 * @param cloudJob whether the run is an {@code import} (a {@code validate} run leaves images
	 * {@code PLANNED} by design)
	 * @param trackTimedOut this launch's track gave up at {@code migrator.track.timeout}
	 */
	static RunEnd of(RunSummary summary, boolean cloudJob, RunOptions options, boolean trackTimedOut,
			Duration trackTimeout) {
		List<Line> lines = new ArrayList<>();
		boolean workLeft = false;
		long notChecked = cloudJob ? summary.count(ImageStatus.PLANNED) : 0;
		if (notChecked > 0) {
			// preflight swept them (migrator.preflight.sweeps) and passing failures of the cloud or the
			// network outlasted every sweep: infrastructure, not the images
			lines.add(Line.of(("%,d image(s) are left unchecked: the cloud or the network kept failing while "
					+ "checking them, through every retry and sweep (their last error is in the report): run the "
					+ "same command again to check them.").formatted(notChecked)));
			workLeft = true;
		}
		long deferred = summary.count(ImageStatus.DEFERRED);
		if (deferred > 0) {
			lines.add(new Line(("%,d image(s) deferred: fix what stopped them, then run the same command again to "
					+ "import them.").formatted(deferred), true));
			workLeft = true;
		}
		long notSent = summary.count(ImageStatus.VERIFIED);
		if (notSent > 0 && options.dryRun()) {
			lines.add(Line.of(("Dry run: nothing was imported. %,d image(s) are ready; run the same command without "
					+ "--dry-run to import them.").formatted(notSent)));
		}
		else if (notSent > 0) {
			lines.add(Line.of("%,d image(s) were checked but not sent: run the same command again to send them."
				.formatted(notSent)));
			workLeft = true;
		}
		long unanswered = summary.count(ImageStatus.SUBMITTING);
		if (unanswered > 0) {
			lines.add(Line.of(("%,d image(s) were sent but the run stopped before their answers were recorded: "
					+ "run the same command again; it looks each one up in the cloud and adopts or resends it, "
					+ "never importing one twice.").formatted(unanswered)));
			workLeft = true;
		}
		long running = summary.count(ImageStatus.SUBMITTED);
		if (running > 0 && options.waitForImports() && trackTimedOut) {
			lines.add(Line.of(("%,d import(s) still running after migrator.track.timeout (%s): run the same "
					+ "command with --wait again to follow them.").formatted(running, human(trackTimeout))));
			workLeft = true;
		}
		else if (running > 0 && options.waitForImports()) {
			lines.add(Line.of(("%,d import(s) still running in ECS: run the same command with --wait again to "
					+ "follow them.").formatted(running)));
			workLeft = true;
		}
		else if (running > 0) {
			lines.add(Line.of(("%,d import(s) running in ECS: run the same command with --wait to follow them "
					+ "to the end.").formatted(running)));
		}
		long importedBefore = summary.count(ImageStatus.ALREADY_IMPORTED);
		if (importedBefore > 0) {
			// preflight found them in the account with this project's tag: done, so no error and no exit code
			lines.add(Line.of(("%,d image(s) were imported before (found in the account with this project's tag) "
					+ "and are taken as they are: not an error, nothing to do.").formatted(importedBefore)));
			for (ImageMessage image : summary.importedBefore()) {
				lines.add(Line.of("  %s: %s in %s, image %s".formatted(image.where(),
						Quoted.of(String.valueOf(image.imageName())), image.region(), image.imageId())));
			}
			if (importedBefore > summary.importedBefore().size()) {
				lines.add(Line.of("  … every one is in the report, with the status ALREADY_IMPORTED."));
			}
		}
		if (summary.failed() > 0) {
			lines.add(Line.of(("%,d image(s) need fixing: see error_code and hint in the report, fix the "
					+ "inventory and run again.").formatted(summary.failed())));
		}
		long cancelled = summary.count(ImageStatus.CANCELLED);
		if (cancelled > 0) {
			lines.add(Line.of(("%,d import(s) were cancelled: to import them again, put their lines in a new "
					+ "inventory file (a new run).").formatted(cancelled)));
		}
		// a cancelled image did not reach its goal either
		int exitCode = (notChecked > 0) ? ExitCodes.INFRASTRUCTURE
				: workLeft ? ExitCodes.DEFERRED
						: (summary.failed() + cancelled > 0) ? ExitCodes.IMAGES_FAILED : ExitCodes.OK;
		return new RunEnd(exitCode, List.copyOf(lines));
	}

	/** {@code 6h}, {@code 90m}, {@code 45s}: as the operator would write the setting. */
	static String human(Duration duration) {
		if (duration.toSeconds() % 3600 == 0 && duration.toHours() > 0) {
			return duration.toHours() + "h";
		}
		if (duration.toSeconds() % 60 == 0 && duration.toMinutes() > 0) {
			return duration.toMinutes() + "m";
		}
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

}
