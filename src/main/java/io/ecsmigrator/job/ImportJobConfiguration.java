package io.ecsmigrator.job;

import java.util.List;
import java.util.Map;

import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * {@code import}: load -> plan -> RAM role -> (preflight beside submit) -> track. Preflight and
 * submit run at once, a split flow of two branches: submit sends each image as soon as preflight has
 * verified it, and ends when preflight has ended and nothing verified is left to send. The two
 * steps stay the steps they were (each its own restart rules, and partitions of their own); they
 * meet only in the ledger, where submit reads what preflight wrote.
 * <p>
 * The run is complete only when every image has reached its end; until then the job stops
 * (restartably) after track, and the next launch of the same command goes on at the split: preflight
 * reads only the images a passing failure left unchecked (it costs nothing when there are none),
 * submit sends deferred images and images verified meanwhile, then track follows what runs.
 * {@code --dry-run} takes submit's branch out (it sends nothing) and stops the job after the split
 * the same way.
 */
@Configuration(proxyBeanMethods = false)
public class ImportJobConfiguration {

	public static final String JOB = "import";

	/**
	 * The step that checks images ({@code preflight.PreflightStepConfiguration}): named here because
	 * submit, beside it in the split, follows it until it ends.
	 */
	public static final String PREFLIGHT_STEP = "preflight";

	static final String DRY_RUN = "DRY_RUN";

	static final String UNFINISHED = "UNFINISHED";

	@Bean
	Job importJob(JobRepository jobRepository, Step loadStep, Step planStep, Step importRoleStep, Step preflightStep,
			Step submitStep, Step trackStep, MigrationRunListener runListener, ImageRepository images) throws Exception {
		JobExecutionDecider dryRun = (jobExecution, stepExecution) -> RunParameters
			.options(jobExecution.getJobParameters())
			.dryRun() ? new FlowExecutionStatus(DRY_RUN) : FlowExecutionStatus.COMPLETED;
		JobExecutionDecider runEnd = (jobExecution, stepExecution) -> unfinished(
				images.countByStatus(jobExecution.getJobInstance().getInstanceId()))
						? new FlowExecutionStatus(UNFINISHED) : FlowExecutionStatus.COMPLETED;
		SimpleFlow checking = new FlowBuilder<SimpleFlow>("checking").start(preflightStep).build();
		SimpleFlow sending = new FlowBuilder<SimpleFlow>("sending").start(dryRun)
			.on(DRY_RUN)
			.end()
			.from(dryRun)
			.on("*")
			.to(submitStep)
			.build();
		// two threads, one a branch: each step runs its own threads inside (partitions, senders)
		SimpleAsyncTaskExecutor branches = new SimpleAsyncTaskExecutor("checkAndSubmit-");
		SimpleFlow checkAndSubmit = new FlowBuilder<SimpleFlow>("checkAndSubmit").split(branches)
			.add(checking, sending)
			.build();
		// a nested flow lists its states only once initialised, and the job finds its steps by name
		// through them (JobOperatorTestUtils.startStep, a step's restart): initialise them now
		for (SimpleFlow flow : List.of(checking, sending, checkAndSubmit)) {
			flow.afterPropertiesSet();
		}
		return new JobBuilder(JOB, jobRepository).listener(runListener)
			.flow(loadStep)
			.next(planStep)
			.next(importRoleStep)
			.next(checkAndSubmit)
			.next(dryRun)
			.on(DRY_RUN)
			.stopAndRestart(checkAndSubmit)
			.from(dryRun)
			.on("*")
			.to(trackStep)
			.next(runEnd)
			.on(UNFINISHED)
			.stopAndRestart(checkAndSubmit)
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
