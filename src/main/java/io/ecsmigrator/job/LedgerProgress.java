package io.ecsmigrator.job;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Progress of a cloud step whose items are ledger images, written by several threads at once (the
 * partitions of preflight, the concurrent items of submit). Counts start from the ledger, so a
 * restarted step shows the work done before it.
 */
public final class LedgerProgress {

	private final String step;

	private final Progress progress;

	private final Function<StepExecution, long[]> counts;

	private final AtomicLong done = new AtomicLong();

	private volatile long total;

	private volatile LocalDateTime started;

	/**
	 * @param counts from the step's execution: {@code [total, done]} at its start
	 */
	public LedgerProgress(String step, Progress progress, Function<StepExecution, long[]> counts) {
		this.step = step;
		this.progress = progress;
		this.counts = counts;
	}

	/** Listens to the step that runs the whole (the partition manager, or the step itself). */
	public StepExecutionListener stepListener() {
		return new StepExecutionListener() {

			@Override
			public void beforeStep(StepExecution stepExecution) {
				long[] counts = LedgerProgress.this.counts.apply(stepExecution);
				LedgerProgress.this.total = counts[0];
				LedgerProgress.this.done.set(counts[1]);
				LedgerProgress.this.started = LocalDateTime.now();
				LedgerProgress.this.progress.started(LedgerProgress.this.step, counts[0]);
			}

			@Override
			public ExitStatus afterStep(StepExecution stepExecution) {
				if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
					LedgerProgress.this.progress.finished(LedgerProgress.this.step, LedgerProgress.this.done.get(),
							Duration.between(LedgerProgress.this.started, LocalDateTime.now()));
				}
				else {
					LedgerProgress.this.progress.stopped(LedgerProgress.this.step, LedgerProgress.this.done.get(),
							stepExecution.getStatus().name());
				}
				return stepExecution.getExitStatus();
			}

		};
	}

	/**
	 * Reads the counts again from the ledger: for a step whose items are written by other processes
	 * (partitions on the distributed mode's workers), which this process's write listener never hears.
	 * The total stays the one of the step's start, and what has left it since counts as done: for a
	 * step whose counts are what is left to do (submit's images still to send, track's imports in
	 * flight) that is the work done, and for one whose total does not move (preflight's images) it
	 * changes nothing.
	 */
	public void refresh(StepExecution stepExecution) {
		long[] counts = this.counts.apply(stepExecution);
		this.done.set(counts[1] + Math.max(0, this.total - counts[0]));
		this.progress.advanced(this.step, this.done.get(), this.total);
	}

	/**
	 * Listens to the writes, on whichever thread they happen: a step that writes each item as its
	 * call answers (the submit pipeline, one item a write) moves with every answer.
	 */
	public ItemWriteListener<Object> writeListener() {
		return new ItemWriteListener<>() {

			@Override
			public void afterWrite(Chunk<?> items) {
				LedgerProgress.this.progress.advanced(LedgerProgress.this.step,
						LedgerProgress.this.done.addAndGet(items.size()), LedgerProgress.this.total);
			}

		};
	}


}
