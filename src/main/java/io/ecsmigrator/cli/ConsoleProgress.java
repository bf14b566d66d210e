package io.ecsmigrator.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

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
 * Steps may run at the same time (preflight and submit, say), so each keeps its own start, its
 * own last line and its own interval: a step's rate is counted from its own start, and one step's
 * lines never hold back another's. Without a terminal each step prints lines of its own; on a
 * terminal the in-place line shows every running step, in the order they started, and a step's
 * done or stopped line is printed above it when the step leaves it.
 * <p>
 * On a terminal the line is cut to the terminal's width (a line that wraps can no longer be
 * rewritten from its start), after showing less of each step ({@link Detail}) so that every step
 * keeps a part of it; and any other line first blanks it, so a shorter line never shows the end of
 * the bar behind it. That is all the terminal control there is (carriage return and spaces, no
 * escape sequences), which is why no progress-bar library is used for it.
 */
@Component
class ConsoleProgress implements Progress {

	/** Used when the terminal does not say its width. */
	static final int DEFAULT_COLUMNS = 80;

	/** A terminal's line is redrawn at most this often a step, whatever the interval. */
	private static final long TERMINAL_INTERVAL_NANOS = 200_000_000L;

	private static final String BETWEEN_STEPS = " | ";

	private final PrintWriter out;

	private final PrintWriter err;

	private final boolean terminal;

	private final IntSupplier columns;

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	/** The running steps, in the order they started. */
	private final Map<String, StepLine> running = new LinkedHashMap<>();

	/** Width of the in-place line now on the screen, 0 when there is none. */
	private int shown;

	/** The terminal's width when the last step started. */
	private int width = DEFAULT_COLUMNS;

	/** With the writers of the command that started the context (its err under {@code --json}). */
	@Autowired
	ConsoleProgress(MigratorProperties properties, ObjectProvider<ConsoleWriters> console) {
		this(console.getIfAvailable(ConsoleWriters::system), System.console() != null,
				ConsoleProgress::terminalColumns, properties.progressInterval());
	}

	private ConsoleProgress(ConsoleWriters writers, boolean terminal, IntSupplier columns, Duration interval) {
		this(writers.out(), writers.err(), terminal, columns, interval, System::nanoTime);
	}

	/**
	 * @param terminal whether {@code out} is a terminal (lines in place) or not (plain lines)
	 * @param columns the terminal's width, asked when a step starts
	 * @param nanoTime the clock of the rates and intervals, {@link System#nanoTime()} but in tests
	 */
	ConsoleProgress(PrintWriter out, PrintWriter err, boolean terminal, IntSupplier columns, Duration interval,
			LongSupplier nanoTime) {
		this.out = out;
		this.err = err;
		this.terminal = terminal;
		this.columns = columns;
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
	}

	@Override
	public synchronized void started(String step, long total) {
		// a step started again (a new launch in the same process) goes to the end, as a new one
		this.running.remove(step);
		this.running.put(step, new StepLine(step, this.nanoTime.getAsLong()));
		if (this.terminal) {
			this.width = this.columns.getAsInt();
		}
	}

	@Override
	public synchronized void advanced(String step, long done, long total) {
		long now = this.nanoTime.getAsLong();
		StepLine line = this.running.computeIfAbsent(step, name -> new StepLine(name, now));
		// kept even when nothing is printed now: another step's redraw of the line shows it
		line.advanced(done, total, now);
		long interval = this.terminal ? Math.min(this.intervalNanos, TERMINAL_INTERVAL_NANOS) : this.intervalNanos;
		if (now - line.lastPrinted < interval) {
			return;
		}
		line.lastPrinted = now;
		if (this.terminal) {
			drawLine();
		}
		else {
			this.out.println(line.part(Detail.COUNTS));
			this.out.flush();
		}
	}

	/** {@code [#######.............]}: one cell per {@code 100 / cells} percent. */
	static String bar(long done, long total, int cells) {
		int filled = (int) Math.min(cells, done * cells / Math.max(1, total));
		return "[" + "#".repeat(filled) + ".".repeat(cells - filled) + "]";
	}

	@Override
	public synchronized void finished(String step, long done, Duration took) {
		this.running.remove(step);
		println("%s: %,d done in %.1f s".formatted(step, done, took.toMillis() / 1000.0));
	}

	@Override
	public synchronized void notice(String message) {
		println(message);
	}

	@Override
	public synchronized void warning(String step, String text) {
		clearLine();
		this.out.flush();
		this.err.printf("warning: %s: %s%n", step, text);
		this.err.flush();
		drawLine();
	}

	@Override
	public synchronized void stopped(String step, long committed, String status) {
		this.running.remove(step);
		println("%s: %s after %,d committed".formatted(step, status, committed));
	}

	/** A line of its own, above the in-place line, which the steps still running then show again. */
	private void println(String text) {
		clearLine();
		this.out.println(text);
		this.out.flush();
		drawLine();
	}

	/** Draws the in-place line over the one shown, on a terminal, if a running step has a count. */
	private void drawLine() {
		if (!this.terminal) {
			return;
		}
		List<StepLine> counted = this.running.values().stream().filter(StepLine::counted).toList();
		if (counted.isEmpty()) {
			return;
		}
		// the last column stays free: writing into it wraps on some terminals
		int room = Math.max(1, this.width - 1);
		String line = "";
		for (Detail detail : Detail.values()) {
			line = counted.stream().map(step -> step.part(detail)).collect(Collectors.joining(BETWEEN_STEPS));
			if (line.length() <= room) {
				break;
			}
		}
		line = line.substring(0, Math.min(line.length(), room));
		// pad over a longer line shown before, so none of it stays behind the new one
		this.out.print("\r" + line + " ".repeat(Math.max(0, this.shown - line.length())));
		this.shown = line.length();
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

	/**
	 * How much of each step the in-place line shows, most first: it shows the most that lets every
	 * running step fit in the terminal's width. A step whose total is unknown shows its count and
	 * rate alike at every detail ({@code track: 3, 1/s}).
	 */
	private enum Detail {

		/** {@code preflight [#########...........] 4,800 of ~10,000 (48%), 95/s} */
		BAR(20),

		/** {@code preflight [####......] 4,800 of ~10,000 (48%), 95/s} */
		SHORT_BAR(10),

		/** {@code preflight: 4,800 of ~10,000 (48%), 95/s}, the line printed without a terminal */
		COUNTS(0),

		/** {@code preflight: 48%, 95/s} */
		PERCENT(0);

		private final int cells;

		Detail(int cells) {
			this.cells = cells;
		}

	}

	/** What one running step last said, and when it started and last printed. */
	private static final class StepLine {

		private final String step;

		private final long startedAt;

		private long lastPrinted;

		/** -1 until the step's first count. */
		private long done = -1;

		private long total;

		private double perSecond;

		StepLine(String step, long startedAt) {
			this.step = step;
			this.startedAt = startedAt;
			this.lastPrinted = startedAt;
		}

		void advanced(long done, long total, long now) {
			// the counts of several threads may arrive out of order: the line never goes back
			this.done = Math.max(this.done, done);
			this.total = total;
			double seconds = (now - this.startedAt) / 1e9;
			this.perSecond = (seconds > 0) ? this.done / seconds : 0.0;
		}

		boolean counted() {
			return this.done >= 0;
		}

		String part(Detail detail) {
			String rate = "%,.0f/s".formatted(this.perSecond);
			if (this.total <= 0) {
				return "%s: %,d, %s".formatted(this.step, this.done, rate);
			}
			long percent = Math.min(100, this.done * 100 / this.total);
			if (detail == Detail.PERCENT) {
				return "%s: %d%%, %s".formatted(this.step, percent, rate);
			}
			String counts = "%,d of ~%,d (%d%%), %s".formatted(this.done, this.total, percent, rate);
			if (detail.cells == 0) {
				return this.step + ": " + counts;
			}
			return "%-9s %s %s".formatted(this.step, bar(this.done, this.total, detail.cells), counts);
		}

	}

}
