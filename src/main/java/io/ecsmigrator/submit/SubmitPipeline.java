package io.ecsmigrator.submit;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.job.StepRuns;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageRow;
import io.ecsmigrator.ledger.batch.LedgerImageReader;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The submit step's work as one pipeline, without chunks: one thread reads the images to send
 * ({@code SUBMITTING} first, then {@code VERIFIED}) and hands each to a free sender of its region,
 * up to {@code migrator.submit.threads} in each region ({@link RegionFeed}: a region that waits holds
 * up no other); each sender submits its image ({@link ImportSubmitter}:
 * the intent commits before the call) and records the outcome at once, in a transaction of its own,
 * then takes the next image. No sender ever waits for another's answer, so the limiter's pace holds
 * from the first call to the last: a chunk would make the next chunk's first call wait for the
 * previous chunk's slowest answer and its commit.
 * <p>
 * The ledger's status stays the checkpoint: a kill loses at most the outcomes of the calls in flight,
 * whose images are {@code SUBMITTING} and are looked up by the next launch. An account error stops
 * the feeding (the images not yet sent stay {@code VERIFIED}) and stops the step once the calls in
 * flight have answered, as do a stop asked of the step and the operator's Ctrl-C ({@link RunStopper}).
 */
class SubmitPipeline implements Tasklet {

	/** Images read ahead of the senders, per sender of a region: what keeps the other regions fed while one waits. */
	static final int LOOK_AHEAD_PER_SENDER = 8;

	private final ImageRepository images;

	private final ImportSubmitter submitter;

	private final LedgerImageReader reader;

	private final TransactionTemplate results;

	private final int senders;

	private final int quotaLookEvery;

	private final ItemWriteListener<Object> progress;

	private final StepExecution stepExecution;

	private final RunStopper stopper;

	SubmitPipeline(ImageRepository images, ImportSubmitter submitter, LedgerImageReader reader,
			TransactionTemplate results, int senders, int quotaLookEvery, ItemWriteListener<Object> progress,
			StepExecution stepExecution, RunStopper stopper) {
		this.images = images;
		this.submitter = submitter;
		this.reader = reader;
		this.results = results;
		this.senders = Math.max(1, senders);
		this.quotaLookEvery = Math.max(1, quotaLookEvery);
		this.progress = progress;
		this.stepExecution = stepExecution;
		this.stopper = stopper;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		long runId = StepRuns.runId(this.stepExecution);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		AtomicLong recorded = new AtomicLong();
		ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
			Thread thread = new Thread(runnable, "submit-" + runnable.hashCode());
			thread.setDaemon(true);
			return thread;
		});
		RegionFeed<ImageRow> feed = new RegionFeed<>(this.senders, this.senders * LOOK_AHEAD_PER_SENDER,
				ImageRow::region, pool);
		this.reader.open(new ExecutionContext());
		try {
			// returns once every call begun has answered and been recorded
			feed.run(this.reader::read, image -> {
				try {
					Submission submission = this.submitter.submit(image);
					if (submission != null) {
						this.results.executeWithoutResult(status -> record(runId, submission));
						this.progress.afterWrite(new Chunk<>(submission));
						if (recorded.incrementAndGet() % this.quotaLookEvery == 0) {
							this.submitter.lookAgain();
						}
					}
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
			}, () -> stopping(failure));
		}
		finally {
			pool.shutdownNow();
			this.reader.close();
		}
		Throwable failed = failure.get();
		if (failed instanceof Exception ex) {
			throw ex;
		}
		if (failed != null) {
			throw (Error) failed;
		}
		if (this.submitter.accountStop() != null || this.stopper.requested()) {
			// the step ends STOPPED: the images not sent stay VERIFIED for the same command again
			this.stepExecution.setTerminateOnly();
		}
		return RepeatStatus.FINISHED;
	}

	private boolean stopping(AtomicReference<Throwable> failure) {
		return failure.get() != null || this.submitter.accountStop() != null || this.stepExecution.isTerminateOnly()
				|| this.stopper.requested(); // Ctrl-C: no new call; the calls in flight get their answers
	}

	private void record(long runId, Submission submission) {
		if (submission.from() == submission.to()) {
			// out of retries: the image stays for the next launch, with its last error
			this.images.note(runId, submission.firstLine(), submission.from(), submission.change());
			return;
		}
		this.images.transition(runId, submission.firstLine(), submission.from(), submission.to(),
				submission.change());
	}

}
