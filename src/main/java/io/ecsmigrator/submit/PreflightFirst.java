package io.ecsmigrator.submit;

import java.time.Duration;

import io.ecsmigrator.job.ImportJobConfiguration;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.job.StepRuns;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * With {@code import --workers}, submit's region partitions are queued only once preflight has
 * ended. A region partition follows preflight while it runs, holding a worker's slot all the while;
 * with no more slots over all workers than the wave has regions, every slot would be held by a
 * region waiting for preflight, and preflight's own partitions would never run. In one process the
 * lanes are threads of their own and overlap preflight; across workers, slots are the scarce thing,
 * so preflight has them first. The operator's stop ends the wait.
 */
record PreflightFirst(ImageRepository images, JobRepository jobRepository, RunStopper stopper)
		implements StepExecutionListener {

	private static final Duration LOOK_EVERY = Duration.ofSeconds(1);

	/**
	 * Whether preflight may still verify images of {@code stepExecution}'s launch: some are still
	 * {@code PLANNED}, and this launch's preflight has not ended (with nothing {@code PLANNED} there
	 * is nothing to wait for: a launch whose preflight has no work, or a submit step run on its own).
	 */
	static boolean stillChecking(ImageRepository images, JobRepository jobRepository, StepExecution stepExecution) {
		return images.any(StepRuns.runId(stepExecution), ImageStatus.PLANNED) && !StepRuns
			.endedInThisLaunch(jobRepository, stepExecution, ImportJobConfiguration.PREFLIGHT_STEP);
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		try {
			while (stillChecking(this.images, this.jobRepository, stepExecution)) {
				if (this.stopper.sleep(LOOK_EVERY)) {
					return; // stopped: the partitions see the stop and send nothing
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
