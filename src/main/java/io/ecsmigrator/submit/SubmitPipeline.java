package io.ecsmigrator.submit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.ecsmigrator.job.RunParameters;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.job.StepRuns;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageRow;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The submit step's work as one pipeline, without chunks, in a lane per region: each region's lane
 * reads that region's images to send ({@link ImagesToSend}: {@code SUBMITTING} first, then
 * {@code VERIFIED} as preflight, running beside submit, verifies them) and hands each to a free sender
 * of its own, up to {@code migrator.submit.threads} at once; each sender submits its image
 * ({@link ImportSubmitter}: the intent commits before the call) and records the outcome at once, in a
 * transaction of its own, then frees its place. No sender waits for another's answer, so the
 * limiter's pace holds from the first call to the last (a chunk would make the next chunk's first
 * call wait for the previous chunk's slowest answer and its commit); and no region waits for another:
 * a region that waits (on its limiter, its in-flight gate, a look at its quota, a throttled retry)
 * holds only its own lane, whatever the inventory's order of regions.
 * <p>
 * The ledger's status stays the checkpoint: a kill loses at most the outcomes of the calls in flight,
 * whose images are {@code SUBMITTING} and are looked up by the next launch. An account error stops
 * every lane (the images not yet sent stay {@code VERIFIED}) and stops the step once the calls in
 * flight have answered, as do a stop asked of the step and the operator's Ctrl-C ({@link RunStopper}).
 * A dry run sends nothing: the step ends at once.
 */
class SubmitPipeline implements Tasklet {

	/** How often a lane waiting for a free sender looks whether it should stop. */
	private static final long STOP_CHECK_MILLIS = 200;

	private final ImageRepository images;

	private final ImportSubmitter submitter;

	private final BooleanSupplier checking;

	private final TransactionTemplate results;

	private final int senders;

	private final int quotaLookEvery;

	private final ItemWriteListener<Object> progress;

	private final StepExecution stepExecution;

	private final RunStopper stopper;

	private final String region;

	private final BooleanSupplier runStopping;

	/**
	 * @param checking whether preflight may still verify images in this launch (the lanes follow it
	 * until it has stopped)
	 * @param senders calls in flight at once in each region
	 * @param region the one region to send (a region partition, {@code import --workers}), or
	 * {@code null} for a lane per region of the run
	 * @param runStopping whether the launch is stopping, looked at every second while lanes run: a
	 * worker's partition learns so from the job repository (its manager's stop), since a tasklet that
	 * runs to its end never passes a chunk boundary where Batch would tell it
	 */
	SubmitPipeline(ImageRepository images, ImportSubmitter submitter, BooleanSupplier checking,
			TransactionTemplate results, int senders, int quotaLookEvery, ItemWriteListener<Object> progress,
			StepExecution stepExecution, RunStopper stopper, String region, BooleanSupplier runStopping) {
		this.images = images;
		this.submitter = submitter;
		this.checking = checking;
		this.results = results;
		this.senders = Math.max(1, senders);
		this.quotaLookEvery = Math.max(1, quotaLookEvery);
		this.progress = progress;
		this.stepExecution = stepExecution;
		this.stopper = stopper;
		this.region = region;
		this.runStopping = runStopping;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		if (RunParameters.options(this.stepExecution.getJobParameters()).dryRun()) {
			return RepeatStatus.FINISHED; // --dry-run: preflight alone; the job stops after it
		}
		long runId = StepRuns.runId(this.stepExecution);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		AtomicLong recorded = new AtomicLong();
		ExecutorService sends = Executors.newCachedThreadPool(daemon("submit-"));
		List<Thread> lanes = new ArrayList<>();
		try {
			List<String> regions = (this.region != null) ? List.of(this.region) : this.images.regions(runId);
			for (String region : regions) {
				ImagesToSend toSend = new ImagesToSend(this.images, runId, region, this.checking, this::pause);
				Thread lane = daemon("submit-lane-" + region + "-").newThread(() -> {
					try {
						lane(toSend, sends, image -> send(runId, image, recorded, failure), failure);
					}
					catch (Throwable ex) {
						failure.compareAndSet(null, ex);
					}
				});
				lanes.add(lane);
				lane.start();
			}
			// each lane returns once every call it began has answered and been recorded
			for (Thread lane : lanes) {
				lane.join(TimeUnit.SECONDS.toMillis(1));
				while (lane.isAlive()) {
					if (!this.stepExecution.isTerminateOnly() && this.runStopping.getAsBoolean()) {
						this.stepExecution.setTerminateOnly(); // no new call; the calls in flight answer
					}
					lane.join(TimeUnit.SECONDS.toMillis(1));
				}
			}
		}
		finally {
			sends.shutdownNow();
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

	/**
	 * One region's lane: hands each image to a free sender, until there is none left or the step
	 * stops; returns when every send it began has returned.
	 */
	private void lane(ImagesToSend toSend, ExecutorService sends, Consumer<ImageRow> send,
			AtomicReference<Throwable> failure) throws InterruptedException {
		Semaphore free = new Semaphore(this.senders);
		try {
			ImageRow image;
			while (!stopping(failure) && (image = toSend.next()) != null) {
				while (!free.tryAcquire(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
					if (stopping(failure)) {
						return; // the image stays in the ledger as it is, for the next launch
					}
				}
				if (stopping(failure)) {
					free.release(); // a stop while it waited for a sender: not sent either
					return;
				}
				ImageRow taken = image;
				try {
					sends.execute(() -> {
						try {
							send.accept(taken);
						}
						finally {
							free.release();
						}
					});
				}
				catch (RuntimeException | Error rejected) {
					free.release();
					throw rejected;
				}
			}
		}
		finally {
			free.acquireUninterruptibly(this.senders);
		}
	}

	/** Sends one image and records its outcome; what goes wrong is kept for the step to throw. */
	private void send(long runId, ImageRow image, AtomicLong recorded, AtomicReference<Throwable> failure) {
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
			this.submitter.halt(); // recording failed, say: the senders waiting for room stop at once
		}
	}

	private static ThreadFactory daemon(String prefix) {
		AtomicLong n = new AtomicLong();
		return runnable -> {
			Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * A lane's pause while it follows preflight: cut short by the operator's stop, and by a stop asked
	 * of the step itself (a stopping worker's partition, which has no operator's stop to wake it).
	 */
	private boolean pause(Duration duration) throws InterruptedException {
		long end = System.nanoTime() + duration.toNanos();
		for (long left; (left = end - System.nanoTime()) > 0;) {
			if (this.stopper.sleep(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(STOP_CHECK_MILLIS))))
					|| this.stepExecution.isTerminateOnly()) {
				return true;
			}
		}
		return this.stopper.requested() || this.stepExecution.isTerminateOnly();
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
