package io.ecsmigrator.track;

import java.time.Clock;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.job.LedgerProgress;
import io.ecsmigrator.job.PartitionEngine;
import io.ecsmigrator.job.Progress;
import io.ecsmigrator.job.RegionPartitioner;
import io.ecsmigrator.job.RunParameters;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.job.StepRuns;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Track: follows the run's accepted imports until each is {@code AVAILABLE} or
 * {@code IMPORT_FAILED}. Each look's results are one transaction; the wait between looks and the
 * looks' calls hold no database connection. Without {@code --wait} it looks once (and
 * records the imports that have ended); with it, it looks every {@code migrator.track.poll-interval}
 * until none is left or {@code migrator.track.timeout} has passed, and never waits longer.
 */
@Configuration(proxyBeanMethods = false)
public class TrackStepConfiguration {

	public static final String STEP = "track";

	/** A region's partition of {@link #STEP}, on a worker. */
	public static final String REGION_STEP = "trackRegion";

	/**
	 * With {@code import --workers}, a partition per region ({@link RegionPartitioner}) that the
	 * workers run, each the loop over one region's imports ({@link #REGION_STEP}); the manager's
	 * progress follows the ledger. On this process alone, the loop over every region.
	 */
	@Bean
	Step trackStep(JobRepository jobRepository, ImportTrackingTasklet importTrackingTasklet, Step trackRegionStep,
			Partitioner regionPartitioner, PartitionEngine engine, LedgerProgress trackProgress) throws Exception {
		if (engine.remote()) {
			return RegionPartitioner.step(STEP, trackRegionStep, regionPartitioner, engine, trackProgress, jobRepository);
		}
		// no transaction around the tasklet: it sleeps between looks and must hold no connection then;
		// it writes each look's results in a transaction of its own
		return new StepBuilder(STEP, jobRepository).tasklet(importTrackingTasklet, new ResourcelessTransactionManager())
			.allowStartIfComplete(true)
			.build();
	}

	/** One region's loop, a partition of {@link #STEP} that a worker runs, at every launch as {@link #STEP}. */
	@Bean
	Step trackRegionStep(JobRepository jobRepository, ImportTrackingTasklet importTrackingTasklet) {
		return RegionPartitioner.regionStep(REGION_STEP, importTrackingTasklet, jobRepository);
	}

	/** The manager's progress of the workers' partitions: the imports in flight at the start, and those ended since. */
	@Bean
	LedgerProgress trackProgress(Progress progress, ImageRepository images) {
		return new LedgerProgress(STEP, progress, stepExecution -> new long[] {
				images.countByStatus(StepRuns.runId(stepExecution)).getOrDefault(ImageStatus.SUBMITTED, 0L), 0 });
	}

	@Bean
	@StepScope
	ImportTrackingTasklet importTrackingTasklet(@Value("#{stepExecution}") StepExecution stepExecution,
			CloudClients clients, ImageRepository images, TrackProperties properties, Progress progress, Clock clock,
			PlatformTransactionManager transactionManager, ErrorCatalogue catalogue, RunStopper stopper,
			@Value("#{stepExecutionContext['" + RegionPartitioner.REGION + "']}") String region) {
		return new ImportTrackingTasklet(
				new ImportTracker(clients, clients.retrier(), properties.notFoundGrace(), clock, catalogue), images,
				properties, RunParameters.options(stepExecution.getJobParameters()).waitForImports(), progress,
				new TransactionTemplate(transactionManager), stopper, region);
	}

}
