package io.ecsmigrator.job;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/** The run a step execution belongs to, and where the steps beside it in the same launch are. */
public final class StepRuns {

	private StepRuns() {
	}

	public static long runId(StepExecution stepExecution) {
		return stepExecution.getJobExecution().getJobInstance().getInstanceId();
	}

	/**
	 * Whether the step named {@code stepName} has run to its end (whatever its status) in the same
	 * launch (job execution) as {@code current}. Read from the job repository, not from the
	 * in-memory job execution, so that it is as true for a step running in another process as in
	 * this one. An execution of the step in an earlier launch does not count: in a launch that has
	 * not started it yet, it has not ended.
	 */
	public static boolean endedInThisLaunch(JobRepository jobRepository, StepExecution current, String stepName) {
		StepExecution last = jobRepository.getLastStepExecution(current.getJobExecution().getJobInstance(),
				stepName);
		return last != null && last.getJobExecutionId() == current.getJobExecutionId()
				&& !last.getStatus().isRunning();
	}

}
