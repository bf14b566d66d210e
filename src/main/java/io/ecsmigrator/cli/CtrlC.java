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
 * Ctrl-C (SIGINT) or SIGTERM ({@code kill}, systemd's or docker's stop) while a run goes on. The
 * first stops the run cleanly: no new call is sent, the calls already sent get their answers, each
 * step ends at its chunk boundary, and the launch ends as usual, with the report, the summary and
 * exit {@link ExitCodes#INTERRUPTED} (Ctrl-C) or {@link ExitCodes#TERMINATED} (SIGTERM), 128 plus
 * the signal's number as shells report a process the signal ended, so a script tells who stopped
 * it; all that within {@code migrator.shutdown.grace}, past which the migrator stops at once. A
 * second signal of either kind stops at once.
 * <p>
 * It replaces the JVM's own SIGINT and SIGTERM handlers, which would run the shutdown hooks: Spring
 * Boot's closes the application context, and with it the ledger's database, under the running job. Here
 * the context is closed only after the launch has ended. Stopping at once is
 * {@link Runtime#halt}: no hook runs, and what was left open (an execution {@code STARTED}, images
 * {@code SUBMITTING}) is what a crash leaves, which the next launch recovers and reconciles.
 */
final class CtrlC implements AutoCloseable {

	private static final Signal INT = new Signal("INT");

	private static final Signal TERM = new Signal("TERM");

	private static final String CONTINUE = "Run the same command to continue: it goes on where the run stopped, "
			+ "and never imports an image twice.";

	private final RunStopper stopper;

	private final Progress progress;

	private final Duration grace;

	private final AtomicInteger presses = new AtomicInteger();

	private final CountDownLatch ended = new CountDownLatch(1);

	private SignalHandler previousInt;

	private SignalHandler previousTerm;

	/** The first signal: {@code true} for SIGTERM. */
	private volatile boolean terminated;

	private CtrlC(RunStopper stopper, Progress progress, Duration grace) {
		this.stopper = stopper;
		this.progress = progress;
		this.grace = grace;
	}

	/**
	 * Handles Ctrl-C and SIGTERM until {@link #close()}, which the launch calls once its summary is
	 * printed.
	 */
	static CtrlC during(RunStopper stopper, Progress progress, Duration grace) {
		CtrlC ctrlC = new CtrlC(stopper, progress, grace);
		ctrlC.previousInt = handle(INT, signal -> ctrlC.pressed(false));
		ctrlC.previousTerm = handle(TERM, signal -> ctrlC.pressed(true));
		return ctrlC;
	}

	private static SignalHandler handle(Signal signal, SignalHandler handler) {
		try {
			return Signal.handle(signal, handler);
		}
		catch (IllegalArgumentException ex) {
			// the JVM keeps the signal to itself (-Xrs): it stops the process as a kill -9 would
			return null;
		}
	}

	/** @param term SIGTERM rather than Ctrl-C */
	void pressed(boolean term) {
		String signal = term ? "SIGTERM" : "Ctrl-C";
		if (this.presses.incrementAndGet() > 1) {
			this.progress.notice("Stopped at once (second %s). ".formatted(signal) + CONTINUE);
			halt(exitCode());
		}
		if (this.ended.getCount() == 0) {
			return;
		}
		this.terminated = term;
		this.progress.notice(("Stopping (%s): the calls already sent get their answers, then the report is "
				+ "written; at most %s (migrator.shutdown.grace). Ctrl-C or SIGTERM again stops at once.")
			.formatted(signal, RunEnd.human(this.grace)));
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
				halt(exitCode());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** What stopped the run, for its last line: {@code Ctrl-C} or {@code SIGTERM}. */
	String stoppedBy() {
		return this.terminated ? "SIGTERM" : "Ctrl-C";
	}

	/** The exit code of a run the first signal stopped: 130 for Ctrl-C, 143 for SIGTERM. */
	int exitCode() {
		return this.terminated ? ExitCodes.TERMINATED : ExitCodes.INTERRUPTED;
	}

	private static void halt(int exitCode) {
		System.out.flush();
		System.err.flush();
		Runtime.getRuntime().halt(exitCode);
	}

	/** The launch has ended and said so: Ctrl-C and SIGTERM are the JVM's again. */
	@Override
	public void close() {
		this.ended.countDown();
		if (this.previousInt != null) {
			Signal.handle(INT, this.previousInt);
		}
		if (this.previousTerm != null) {
			Signal.handle(TERM, this.previousTerm);
		}
	}

}
