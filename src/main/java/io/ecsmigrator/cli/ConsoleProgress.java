package io.ecsmigrator.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.ecsmigrator.MigratorProperties;
import io.ecsmigrator.job.Progress;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Shows step progress: on a terminal one line updated in place; otherwise (a log, CI, a pipe) a
 * plain line every {@code migrator.progress-interval}, so a long run stays visible without
 * flooding.
 * <p>
 * On a terminal the line is cut to the terminal's width (a line that wraps can no longer be
 * rewritten from its start), and any other line first blanks it, so a shorter line never shows
 * the end of the bar behind it. That is all the terminal control there is (carriage return and
 * spaces, no escape sequences), which is why no progress-bar library is used for it.
 */
@Component
class ConsoleProgress implements Progress {

	/** Used when the terminal does not say its width. */
	static final int DEFAULT_COLUMNS = 80;

	private final PrintWriter out;

	private final PrintWriter err;

	private final boolean terminal;

	private final IntSupplier columns;

	private final long intervalNanos;

	private long lastPrinted;

	private long startedAt;

	/** Width of the in-place line now on the screen, 0 when there is none. */
	private int shown;

	/** The terminal's width when the step started. */
	private int width = DEFAULT_COLUMNS;

	/** With the writers of the command that started the context (its err under {@code --json}). */
	@Autowired
	ConsoleProgress(MigratorProperties properties, ObjectProvider<ConsoleWriters> console) {
		this(console.getIfAvailable(ConsoleWriters::system), System.console() != null,
				ConsoleProgress::terminalColumns, properties.progressInterval());
	}

	private ConsoleProgress(ConsoleWriters writers, boolean terminal, IntSupplier columns, Duration interval) {
		this(writers.out(), writers.err(), terminal, columns, interval);
	}

	/**
	 * @param terminal whether {@code out} is a terminal (lines in place) or not (plain lines)
	 * @param columns the terminal's width, asked when a step starts
	 */
	ConsoleProgress(PrintWriter out, PrintWriter err, boolean terminal, IntSupplier columns, Duration interval) {
		this.out = out;
		this.err = err;
		this.terminal = terminal;
		this.columns = columns;
		this.intervalNanos = interval.toNanos();
	}

	@Override
	public synchronized void started(String step, long total) {
		this.startedAt = System.nanoTime();
		this.lastPrinted = this.startedAt;
		if (this.terminal) {
			this.width = this.columns.getAsInt();
		}
	}

	@Override
	public synchronized void advanced(String step, long done, long total) {
		long now = System.nanoTime();
		long interval = this.terminal ? Math.min(this.intervalNanos, 200_000_000L) : this.intervalNanos;
		if (now - this.lastPrinted < interval) {
			return;
		}
		this.lastPrinted = now;
		double seconds = (now - this.startedAt) / 1e9;
		String of = (total > 0) ? " of ~%,d (%d%%)".formatted(total, Math.min(100, done * 100 / total)) : "";
		String line = "%s: %,d%s, %,.0f/s".formatted(step, done, of, seconds > 0 ? done / seconds : 0.0);
		if (!this.terminal) {
			this.out.println(line);
			this.out.flush();
			return;
		}
		if (total > 0) {
			line = "%-9s %s %s".formatted(step, bar(done, total), line.substring(step.length() + 2));
		}
		// the last column stays free: writing into it wraps on some terminals
		line = line.substring(0, Math.min(line.length(), Math.max(1, this.width - 1)));
		// pad over a longer line shown before, so none of it stays behind the new one
		this.out.print("\r" + line + " ".repeat(Math.max(0, this.shown - line.length())));
		this.shown = line.length();
		this.out.flush();
	}

	/** {@code [#######.............]}: 20 cells, one per 5%. */
	static String bar(long done, long total) {
		int cells = (int) Math.min(20, done * 20 / Math.max(1, total));
		return "[" + "#".repeat(cells) + ".".repeat(20 - cells) + "]";
	}

	@Override
	public synchronized void finished(String step, long done, Duration took) {
		clearLine();
		this.out.printf("%s: %,d done in %.1f s%n", step, done, took.toMillis() / 1000.0);
		this.out.flush();
	}

	@Override
	public synchronized void notice(String message) {
		clearLine();
		this.out.println(message);
		this.out.flush();
	}

	@Override
	public synchronized void warning(String step, String text) {
		clearLine();
		this.out.flush();
		this.err.printf("warning: %s: %s%n", step, text);
		this.err.flush();
	}

	@Override
	public synchronized void stopped(String step, long committed, String status) {
		clearLine();
		this.out.printf("%s: %s after %,d committed%n", step, status, committed);
		this.out.flush();
	}

	/** Blanks the in-place line, if one is shown, and puts the cursor at its start. */
	private void clearLine() {
		if (this.shown > 0) {
			this.out.print("\r" + " ".repeat(this.shown) + "\r");
			this.shown = 0;
		}
	}

	/**
	 * The terminal's width: {@code COLUMNS} when the shell exports it, else what {@code stty size}
	 * says of the controlling terminal, else {@value #DEFAULT_COLUMNS}.
	 */
	static int terminalColumns() {
		try {
			int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "").trim());
			if (columns > 0) {
				return columns;
			}
		}
		catch (NumberFormatException ex) {
			// not exported, or not a number: ask the terminal
		}
		File tty = new File("/dev/tty");
		if (!tty.exists()) {
			return DEFAULT_COLUMNS;
		}
		try {
			Process stty = new ProcessBuilder("stty", "size").redirectInput(tty)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!stty.waitFor(1, TimeUnit.SECONDS)) {
				stty.destroyForcibly();
				return DEFAULT_COLUMNS;
			}
			String[] rowsColumns = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()
				.split("\\s+");
			int columns = (rowsColumns.length == 2) ? Integer.parseInt(rowsColumns[1]) : 0;
			return (columns > 0) ? columns : DEFAULT_COLUMNS;
		}
		catch (IOException | NumberFormatException ex) {
			return DEFAULT_COLUMNS;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return DEFAULT_COLUMNS;
		}
	}

}
