package io.ecsmigrator.job;

import org.springframework.batch.core.step.StepExecution;

/** The run a step execution belongs to: its job instance, which is the ledger's run id. */
final class StepRuns {

	private StepRuns() {
	}

	static long runId(StepExecution stepExecution) {
		return stepExecution.getJobExecution().getJobInstance().getInstanceId();
	}

}
