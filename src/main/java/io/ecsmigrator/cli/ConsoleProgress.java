package io.ecsmigrator.cli;

import java.io.PrintWriter;
import java.time.Duration;

import io.ecsmigrator.MigratorProperties;
import io.ecsmigrator.job.Progress;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Shows step progress: on a terminal one line updated in place; otherwise (a log, CI) a plain line
 * every {@code migrator.progress-interval}, so a long run stays visible without flooding.
 */
@Component
class ConsoleProgress implements Progress {

	private final PrintWriter out;

	private final PrintWriter err;

	private final boolean terminal = System.console() != null;

	private final long intervalNanos;

	private long lastPrinted;

	private long startedAt;

	ConsoleProgress(MigratorProperties properties, ObjectProvider<ConsoleWriters> console) {
		// the writers of the command that started the context (to err under --json)
		ConsoleWriters writers = console.getIfAvailable(ConsoleWriters::system);
		this.out = writers.out();
		this.err = writers.err();
		this.intervalNanos = properties.progressInterval().toNanos();
	}

	@Override
	public synchronized void started(String step, long total) {
		this.startedAt = System.nanoTime();
		this.lastPrinted = this.startedAt;
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
		if (this.terminal && total > 0) {
			line = "%-9s %s %s".formatted(step, bar(done, total), line.substring(step.length() + 2));
		}
		if (this.terminal) {
			this.out.print("\r" + line + "   ");
		}
		else {
			this.out.println(line);
		}
		this.out.flush();
	}

	/** {@code [#######.............]}: 20 cells, one per 5%. */
	static String bar(long done, long total) {
		int cells = (int) Math.min(20, done * 20 / Math.max(1, total));
		return "[" + "#".repeat(cells) + ".".repeat(20 - cells) + "]";
	}

	@Override
	public synchronized void finished(String step, long done, Duration took) {
		this.out.printf("%s%s: %,d done in %.1f s%n", this.terminal ? "\r" : "", step, done, took.toMillis() / 1000.0);
	}

	@Override
	public synchronized void notice(String message) {
		this.out.println(message);
		this.out.flush();
	}

	@Override
	public synchronized void warning(String step, String text) {
		this.out.flush();
		this.err.printf("%swarning: %s: %s%n", this.terminal ? "\r" : "", step, text);
	}

	@Override
	public synchronized void stopped(String step, long committed, String status) {
		this.out.printf("%s%s: %s after %,d committed%n", this.terminal ? "\r" : "", step, status, committed);
	}

}
