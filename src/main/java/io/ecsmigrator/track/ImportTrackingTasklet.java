package io.ecsmigrator.track;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudFailure;
import io.ecsmigrator.job.Progress;
import io.ecsmigrator.job.RunOutcome;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.job.StepRuns;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.ledger.InFlightImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The track step's loop: one look per call at the run's imports in flight, recording those that
 * ended; the step repeats it while imports run and the operator waits ({@code --wait}), at most
 * {@code migrator.track.timeout}.
 * <p>
 * The step runs without a transaction around the tasklet ({@link TrackStepConfiguration}): a
 * {@code --wait} of hours sleeps between looks, and the looks' calls may be slow, so neither may
 * hold a pooled connection. Every use of the ledger is therefore in a transaction of
 * {@code transactions}, which gives its connection back when it ends (outside one, a query would
 * bind its connection to the step's transaction synchronisation until the tasklet returns): one to
 * read the imports in flight, one to record those that ended in the look.
 * <p>
 * A batch whose DescribeImages fails for a passing reason (a 5xx burst that outlasts the retries,
 * or the operator's stop cutting the call's wait short) is no news of that batch: its imports stay
 * {@code SUBMITTED}, the look says so once in the log, and the next look asks again; the other
 * batches' ends are recorded. A failure that is not passing (an account or clock error, exit 3)
 * still fails the step.
 */
class ImportTrackingTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(ImportTrackingTasklet.class);

	/** DescribeImages calls of one look in flight at once. */
	static final int LOOKERS = 8;

	private final ImportTracker tracker;

	private final ImageRepository images;

	private final TrackProperties properties;

	private final boolean wait;

	private final Progress progress;

	private final TransactionTemplate transactions;

	private final RunStopper stopper;

	/** The one region to follow (a region partition, {@code import --workers}), or {@code null} for all. */
	private final String region;

	private final SimpleAsyncTaskExecutor lookers = new SimpleAsyncTaskExecutor("track-");

	private long lastLook;

	private long total = -1;

	private long ended;

	ImportTrackingTasklet(ImportTracker tracker, ImageRepository images, TrackProperties properties, boolean wait,
			Progress progress, TransactionTemplate transactions, RunStopper stopper, String region) {
		this.tracker = tracker;
		this.images = images;
		this.properties = properties;
		this.wait = wait;
		this.progress = progress;
		this.transactions = transactions;
		this.stopper = stopper;
		this.region = region;
		this.lookers.setConcurrencyLimit(LOOKERS);
	}

	/** A look's result, or its failure as it was thrown. */
	private static List<ImportTracker.Ended> joined(CompletableFuture<List<ImportTracker.Ended>> look) {
		try {
			return look.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/** The step ends {@code STOPPED}, restartable: the imports still running are followed by the next launch. */
	private RepeatStatus stopped(StepExecution step) {
		step.setTerminateOnly();
		this.progress.stopped(TrackStepConfiguration.STEP, this.ended, "STOPPED");
		return RepeatStatus.FINISHED;
	}

	/** One DescribeImages call of a look: a batch of one region's imports, and what it found ended. */
	private record Look(List<InFlightImage> batch, CompletableFuture<List<ImportTracker.Ended>> ends) {
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution step = chunkContext.getStepContext().getStepExecution();
		long runId = StepRuns.runId(step);
		// wait before the look, not after it: its results are then committed at once; a stop by the
		// operator wakes the wait, and the step ends at once without another look
		long due = this.lastLook + this.properties.pollInterval().toNanos();
		boolean stop = this.stopper.requested();
		if (!stop && this.lastLook != 0 && System.nanoTime() < due) {
			stop = this.stopper.sleep(Duration.ofNanos(due - System.nanoTime()));
		}
		if (stop) {
			return stopped(step);
		}
		List<InFlightImage> inFlight = this.transactions.execute(status -> this.images.submitted(runId))
			.stream()
			.filter(image -> this.region == null || this.region.equals(image.region()))
			.toList();
		if (this.total < 0) {
			this.total = inFlight.size();
			this.progress.started(TrackStepConfiguration.STEP, this.total);
		}
		Map<String, List<InFlightImage>> byRegion = new TreeMap<>();
		inFlight.forEach(image -> byRegion.computeIfAbsent(image.region(), r -> new ArrayList<>()).add(image));
		// the batches are asked at once (the DescribeImages limiter paces them), then recorded here
		List<Look> looks = new ArrayList<>();
		for (Map.Entry<String, List<InFlightImage>> region : byRegion.entrySet()) {
			List<InFlightImage> all = region.getValue();
			for (int from = 0; from < all.size(); from += ImportTracker.BATCH) {
				List<InFlightImage> batch = all.subList(from, Math.min(all.size(), from + ImportTracker.BATCH));
				looks.add(new Look(batch, CompletableFuture
					.supplyAsync(() -> this.tracker.poll(region.getKey(), batch), this.lookers)));
			}
		}
		List<ImportTracker.Ended> ends = new ArrayList<>();
		List<Look> unanswered = new ArrayList<>();
		CloudFailure lastFailure = null;
		for (Look look : looks) {
			try {
				ends.addAll(joined(look.ends()));
			}
			catch (CloudCallException ex) {
				if (!ex.failure().retryable(true)) {
					throw ex; // an account error, say: every look would fail alike, the step stops
				}
				// a passing failure out of retries (a 5xx burst), or a look the operator's stop cut
				// short: no news of this batch; its images stay SUBMITTED for the next look
				unanswered.add(look);
				lastFailure = ex.failure();
			}
		}
		if (!unanswered.isEmpty() && !this.stopper.requested()) {
			// once a look, not once a batch; after a stop the step's end says it, not a warning
			log.warn("track: {} of {} DescribeImages look(s) failed ({}); their {} import(s) stay SUBMITTED for the "
					+ "next look", unanswered.size(), looks.size(), lastFailure,
					unanswered.stream().mapToInt(look -> look.batch().size()).sum());
		}
		// the look's results in one transaction, the only time a look holds a connection for long
		int endedNow = this.transactions.execute(status -> {
			int moved = 0;
			for (ImportTracker.Ended end : ends) {
				if (this.images.transition(runId, end.image().firstLine(), ImageStatus.SUBMITTED, end.status(),
						end.change())) {
					moved++;
				}
			}
			return moved;
		});
		this.lastLook = System.nanoTime();
		this.ended += endedNow;
		contribution.incrementWriteCount(endedNow);
		this.progress.advanced(TrackStepConfiguration.STEP, this.ended, this.total);
		if (this.stopper.requested() && inFlight.size() > endedNow) {
			// stopped during the look: what it learnt is recorded, and the step ends as at the wait
			return stopped(step);
		}
		boolean timedOut = Duration.between(step.getStartTime(), LocalDateTime.now())
			.compareTo(this.properties.timeout()) >= 0;
		if (timedOut && inFlight.size() > endedNow && this.wait) {
			RunOutcome.markTrackTimedOut(step.getJobExecution());
		}
		if (inFlight.size() == endedNow || !this.wait || timedOut) {
			this.progress.finished(TrackStepConfiguration.STEP, this.ended, Duration.between(step.getStartTime(), LocalDateTime.now()));
			return RepeatStatus.FINISHED;
		}
		return RepeatStatus.CONTINUABLE;
	}

}
