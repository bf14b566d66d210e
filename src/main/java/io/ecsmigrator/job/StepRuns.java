package io.ecsmigrator.job;

import org.springframework.batch.core.step.StepExecution;

/** The run a step execution belongs to: its job instance, which is the ledger's run id. */
public final class StepRuns {

	private StepRuns() {
	}

	public static long runId(StepExecution stepExecution) {
		return stepExecution.getJobExecution().getJobInstance().getInstanceId();
	}

}
