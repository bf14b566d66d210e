package io.ecsmigrator.preflight;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.job.StepRuns;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageRow;
import io.ecsmigrator.ledger.ImageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the partitions, then sweeps: the images a passing failure left unchecked ({@code PLANNED}
 * with their last error) are checked again after all the others, at most
 * {@code migrator.preflight.sweeps} times, each sweep after a pause. What is still unchecked after
 * the last sweep stays {@code PLANNED}: the run ends with exit 4 naming how many, and the same
 * command checks them again (preflight runs on every launch and reads only {@code PLANNED} images).
 * <p>
 * The target, with independent answers: one request in five answered 5xx, 6 attempts per request
 * (migrator.retry.max-attempts), so one request runs out of retries with p = 0.2^6 = 6.4e-5. A
 * one-disk image's check is at most 4 requests (GetBucketLocation, shared by the bucket's images;
 * two ranged GETs; the region's DescribeImages listing, shared by the region's images), so the
 * image is left unchecked by one pass with q <= 4 x 6.4e-5 = 2.56e-4. The first pass and 3 sweeps
 * are 4 independent passes: q^4 = 4.3e-15 per image, so 100,000 x 4.3e-15 = 4.3e-10 images
 * expected unchecked in a 100,000-disk wave, far below 0.01 (a single sweep would give
 * 100,000 x q^2 = 0.0066, too close to it). Correlated trouble (bursts of consecutive
 * 503s, a throttle window) is what the pause between sweeps is for: a burst that takes all six
 * attempts of a request is over by the next sweep.
 * <p>
 * The pause is slept through the run's stopper: the operator's Ctrl-C during it ends preflight at
 * once, {@code STOPPED}, and the images still unchecked stay {@code PLANNED} for the next launch.
 */
class PreflightSweeps implements PartitionHandler {

	private static final Logger log = LoggerFactory.getLogger(PreflightSweeps.class);

	private final PartitionHandler partitions;

	private final ImageVerifier verifier;

	private final ImageRepository images;

	private final VerdictRecorder recorder;

	private final TransactionTemplate transactions;

	private final int threads;

	private final PreflightProperties properties;

	private final RunStopper stopper;

	PreflightSweeps(PartitionHandler partitions, ImageVerifier verifier, ImageRepository images,
			TransactionTemplate transactions, int threads, PreflightProperties properties, RunStopper stopper) {
		this.partitions = partitions;
		this.verifier = verifier;
		this.images = images;
		this.recorder = new VerdictRecorder(images);
		this.transactions = transactions;
		this.threads = Math.max(1, threads);
		this.properties = properties;
		this.stopper = stopper;
	}

	@Override
	public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution managerStepExecution)
			throws Exception {
		this.verifier.newPass();
		Collection<StepExecution> results = this.partitions.handle(splitter, managerStepExecution);
		if (results.stream().anyMatch(execution -> execution.getStatus() != BatchStatus.COMPLETED)) {
			return results; // the step fails: the restart redoes the failed partitions, then sweeps
		}
		long runId = StepRuns.runId(managerStepExecution);
		Duration pause = this.properties.sweepPause();
		for (int sweep = 1; sweep <= this.properties.sweeps(); sweep++) {
			List<ImageRow> unchecked = unchecked(runId);
			if (unchecked.isEmpty()) {
				break;
			}
			log.info("preflight sweep {} of {}: {} image(s) left unchecked by passing failures", sweep,
					this.properties.sweeps(), unchecked.size());
			if (this.stopper.sleep(pause)) {
				// Ctrl-C: the step ends STOPPED now, not after a pause of seconds and another sweep
				managerStepExecution.setTerminateOnly();
				return results;
			}
			pause = pause.multipliedBy(2);
			sweep(unchecked);
		}
		return results;
	}

	private List<ImageRow> unchecked(long runId) {
		List<ImageRow> all = new ArrayList<>();
		int after = Integer.MIN_VALUE;
		for (;;) {
			List<ImageRow> page = this.images.page(runId, ImageStatus.PLANNED, after, Integer.MAX_VALUE, 500);
			if (page.isEmpty()) {
				return all;
			}
			all.addAll(page);
			after = page.get(page.size() - 1).firstLine();
		}
	}

	/** Checks each image again, each in its own transaction; an account or clock stop is thrown. */
	private void sweep(List<ImageRow> unchecked) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(Math.min(this.threads, unchecked.size()),
				runnable -> new Thread(runnable, "preflight-sweep"));
		try {
			List<Future<?>> checks = new ArrayList<>();
			for (ImageRow image : unchecked) {
				checks.add(executor.submit(() -> {
					Verdict verdict = this.verifier.verify(PreflightStepConfiguration.toVerify(image));
					this.transactions.executeWithoutResult(
							status -> this.recorder.record(image.runId(), image.firstLine(), verdict));
					return null;
				}));
			}
			for (Future<?> check : checks) {
				try {
					check.get();
				}
				catch (ExecutionException ex) {
					if (ex.getCause() instanceof Exception cause) {
						throw cause;
					}
					throw ex;
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

}
