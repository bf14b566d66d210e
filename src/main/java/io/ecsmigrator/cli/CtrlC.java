package io.ecsmigrator.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ecsmigrator.job.Progress;
import io.ecsmigrator.job.RunStopper;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) while a run goes on. The first stops the run cleanly: no new call is sent, the
 * calls already sent get their answers, each step ends at its chunk boundary, and the launch ends
 * as usual, with the report, the summary and exit {@link ExitCodes#INTERRUPTED}; all that within
 * {@code migrator.shutdown.grace}, past which the migrator stops at once. The second Ctrl-C stops
 * at once.
 * <p>
 * It replaces the JVM's own SIGINT handler, which would run the shutdown hooks: Spring Boot's
 * closes the application context, and with it the ledger's database, under the running job. Here
 * the context is closed only after the launch has ended. Stopping at once is
 * {@link Runtime#halt}: no hook runs, and what was left open (an execution {@code STARTED}, images
 * {@code SUBMITTING}) is what a crash leaves, which the next launch recovers and reconciles.
 */
final class CtrlC implements AutoCloseable {

	private static final Signal INT = new Signal("INT");

	private static final String CONTINUE = "Run the same command to continue: it goes on where the run stopped, "
			+ "and never imports an image twice.";

	private final RunStopper stopper;

	private final Progress progress;

	private final Duration grace;

	private final AtomicInteger presses = new AtomicInteger();

	private final CountDownLatch ended = new CountDownLatch(1);

	private SignalHandler previous;

	private CtrlC(RunStopper stopper, Progress progress, Duration grace) {
		this.stopper = stopper;
		this.progress = progress;
		this.grace = grace;
	}

	/** Handles Ctrl-C until {@link #close()}, which the launch calls once its summary is printed. */
	static CtrlC during(RunStopper stopper, Progress progress, Duration grace) {
		CtrlC ctrlC = new CtrlC(stopper, progress, grace);
		try {
			ctrlC.previous = Signal.handle(INT, signal -> ctrlC.pressed());
		}
		catch (IllegalArgumentException ex) {
			// the JVM keeps SIGINT to itself (-Xrs): Ctrl-C stops the process as a kill would
		}
		return ctrlC;
	}

	void pressed() {
		if (this.presses.incrementAndGet() > 1) {
			this.progress.notice("Stopped at once (second Ctrl-C). " + CONTINUE);
			halt();
		}
		if (this.ended.getCount() == 0) {
			return;
		}
		this.progress.notice(("Stopping (Ctrl-C): the calls already sent get their answers, then the report is "
				+ "written; at most %s (migrator.shutdown.grace). Ctrl-C again stops at once.")
			.formatted(RunEnd.human(this.grace)));
		this.stopper.request();
		Thread watchdog = new Thread(this::haltPastGrace, "ctrl-c-grace");
		watchdog.setDaemon(true);
		watchdog.start();
	}

	private void haltPastGrace() {
		try {
			if (!this.ended.await(this.grace.toNanos(), TimeUnit.NANOSECONDS)) {
				this.progress.notice("The run did not stop within migrator.shutdown.grace (%s): stopped at once. "
					.formatted(RunEnd.human(this.grace)) + CONTINUE);
				halt();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void halt() {
		System.out.flush();
		System.err.flush();
		Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
	}

	/** The launch has ended and said so: Ctrl-C is the JVM's again. */
	@Override
	public void close() {
		this.ended.countDown();
		if (this.previous != null) {
			Signal.handle(INT, this.previous);
		}
	}

}
