package io.ecsmigrator.job;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.function.ToLongFunction;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Reports a chunk step's progress after each chunk. One instance serves one step. A restarted step
 * counts on from the reader's saved position, so progress does not start again at zero.
 */
public class ProgressListener implements StepExecutionListener, ChunkListener<Object, Object> {

	private final String step;

	private final Progress progress;

	private final ToLongFunction<StepExecution> total;

	private final String countKey;

	private StepExecution execution;

	private long doneBefore;

	/**
	 * @param total items the step expects, or -1 when unknown
	 * @param countKey the execution-context key where the step's reader saves its position
	 */
	public ProgressListener(String step, Progress progress, ToLongFunction<StepExecution> total, String countKey) {
		this.step = step;
		this.progress = progress;
		this.total = total;
		this.countKey = countKey;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.execution = stepExecution;
		this.doneBefore = stepExecution.getExecutionContext().getInt(this.countKey, 0);
		this.progress.started(this.step, this.total.applyAsLong(stepExecution));
	}

	@Override
	public void afterChunk(Chunk<Object> chunk) {
		this.progress.advanced(this.step, done(), this.total.applyAsLong(this.execution));
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		LocalDateTime start = stepExecution.getStartTime();
		Duration took = (start != null) ? Duration.between(start, LocalDateTime.now()) : Duration.ZERO;
		if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
			this.progress.finished(this.step, done(), took);
		}
		else {
			long committed = this.doneBefore + stepExecution.getWriteCount() + stepExecution.getFilterCount();
			this.progress.stopped(this.step, committed, stepExecution.getStatus().name());
		}
		return stepExecution.getExitStatus();
	}

	private long done() {
		return this.doneBefore + this.execution.getReadCount();
	}

}
