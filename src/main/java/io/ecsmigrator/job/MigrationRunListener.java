package io.ecsmigrator.job;

import io.ecsmigrator.ledger.RunRepository;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.stereotype.Component;

/** Gives every job instance its row in {@code migration_run} when it first executes. */
@Component
class MigrationRunListener implements JobExecutionListener {

	private final RunRepository runs;

	MigrationRunListener(RunRepository runs) {
		this.runs = runs;
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		JobParameters parameters = jobExecution.getJobParameters();
		this.runs.recordIfAbsent(jobExecution.getJobInstance().getInstanceId(),
				jobExecution.getJobInstance().getJobName(), parameters.getString(RunParameters.INVENTORY),
				parameters.getString(RunParameters.SHA256));
	}

}
