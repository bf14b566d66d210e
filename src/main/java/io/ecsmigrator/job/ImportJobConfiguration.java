package io.ecsmigrator.job;

import java.util.Map;

import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code import}: load -> plan -> RAM role -> preflight -> submit -> track. The run is complete
 * only when every image has reached its end; until then the job stops (restartably) after track,
 * and the next launch of the same command goes on at preflight (which reads only the images a
 * passing failure left unchecked, so it costs nothing when there are none) and submit: deferred
 * images are sent, imports still running are followed. {@code --dry-run} stops it after preflight
 * the same way.
 */
@Configuration(proxyBeanMethods = false)
public class ImportJobConfiguration {

	public static final String JOB = "import";

	static final String DRY_RUN = "DRY_RUN";

	static final String UNFINISHED = "UNFINISHED";

	@Bean
	Job importJob(JobRepository jobRepository, Step loadStep, Step planStep, Step importRoleStep, Step preflightStep,
			Step submitStep, Step trackStep, MigrationRunListener runListener, ImageRepository images) {
		JobExecutionDecider toSubmit = (jobExecution, stepExecution) -> RunParameters
			.options(jobExecution.getJobParameters())
			.dryRun() ? new FlowExecutionStatus(DRY_RUN) : FlowExecutionStatus.COMPLETED;
		JobExecutionDecider runEnd = (jobExecution, stepExecution) -> unfinished(
				images.countByStatus(jobExecution.getJobInstance().getInstanceId()))
						? new FlowExecutionStatus(UNFINISHED) : FlowExecutionStatus.COMPLETED;
		return new JobBuilder(JOB, jobRepository).listener(runListener)
			.start(loadStep)
			.next(planStep)
			.next(importRoleStep)
			.next(preflightStep)
			.next(toSubmit)
			.on(DRY_RUN)
			.stopAndRestart(preflightStep)
			.from(toSubmit)
			.on("*")
			.to(submitStep)
			.next(trackStep)
			.next(runEnd)
			.on(UNFINISHED)
			.stopAndRestart(preflightStep)
			.from(runEnd)
			.on("*")
			.end()
			.end()
			.build();
	}

	/** Images that a later launch has work for: to send, to follow, or to reconcile. */
	static boolean unfinished(Map<ImageStatus, Long> counts) {
		return counts.keySet().stream().anyMatch(status -> !status.finished());
	}

}
