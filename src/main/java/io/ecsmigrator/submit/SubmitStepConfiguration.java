package io.ecsmigrator.submit;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.images.PlanTag;
import io.ecsmigrator.job.LedgerProgress;
import io.ecsmigrator.job.PartitionEngine;
import io.ecsmigrator.job.Progress;
import io.ecsmigrator.job.RegionPartitioner;
import io.ecsmigrator.job.RunParameters;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.job.StepRuns;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.RegionQuotaRepository;
import io.ecsmigrator.ledger.ImageStatus;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Submit: ImportImage for every {@code VERIFIED} image, as one pipeline ({@link SubmitPipeline}) with
 * a lane per region: many senders at once, each recording its image's outcome as soon as it has it,
 * so the limiter's pace never waits on a chunk's end. It runs beside preflight and sends each image
 * as soon as preflight has verified it. Images left {@code SUBMITTING} by a crash are read first and
 * reconciled before anything new is sent. Runs again on every launch of a run that is not complete,
 * since deferred images go back to {@code VERIFIED} then.
 */
@Configuration(proxyBeanMethods = false)
public class SubmitStepConfiguration {

	public static final String STEP = "submit";

	/** A region's partition of {@link #STEP}, on a worker. */
	public static final String REGION_STEP = "submitRegion";

	@Bean
	LedgerProgress submitProgress(Progress progress, ImageRepository images) {
		return new LedgerProgress(STEP, progress, stepExecution -> {
			Map<ImageStatus, Long> counts = images.countByStatus(StepRuns.runId(stepExecution));
			// an estimate ("~"): the images preflight, beside submit, has still to check are counted in
			return new long[] { counts.getOrDefault(ImageStatus.PLANNED, 0L)
					+ counts.getOrDefault(ImageStatus.VERIFIED, 0L) + counts.getOrDefault(ImageStatus.SUBMITTING, 0L),
					0 };
		});
	}

	/**
	 * With {@code import --workers}, a partition per region ({@link RegionPartitioner}) run by the
	 * workers, each the pipeline over one region ({@link #REGION_STEP}); on this process alone, the
	 * pipeline itself with a lane per region. Either way the deferred images go back to
	 * {@code VERIFIED} before anything is sent, and the progress is this step's.
	 */
	@Bean
	Step submitStep(JobRepository jobRepository, SubmitPipeline submitPipeline, Step submitRegionStep,
			Partitioner regionPartitioner, PartitionEngine engine, ImageRepository images, LedgerProgress submitProgress,
			RunStopper stopper) throws Exception {
		if (engine.remote()) {
			// the manager follows the ledger (the workers' writes never reach its write listener); the
			// regions are queued once preflight has ended (PreflightFirst says why)
			return RegionPartitioner.step(STEP, submitRegionStep, regionPartitioner, engine, submitProgress, jobRepository,
					new DeferredImagesReturn(images), new PreflightFirst(images, jobRepository, stopper));
		}
		// no transaction around the pipeline: each intent and each outcome commits on its own
		return new StepBuilder(STEP, jobRepository).tasklet(submitPipeline, new ResourcelessTransactionManager())
			.listener(new DeferredImagesReturn(images))
			.listener(submitProgress.stepListener())
			.allowStartIfComplete(true)
			.build();
	}

	/**
	 * One region's pipeline, a partition of {@link #STEP} that a worker runs. It starts on every
	 * launch, as {@link #STEP} does: deferred images are sent again then (the splitter takes the
	 * flag from this step).
	 */
	@Bean
	Step submitRegionStep(JobRepository jobRepository, SubmitPipeline submitPipeline) {
		return RegionPartitioner.regionStep(REGION_STEP, submitPipeline, jobRepository);
	}

	/**
	 * Built for each execution, with its own submitter (quota counts, gates): the senders' threads
	 * are the pipeline's own, where no step scope is active, so they hold the submitter itself and
	 * never a step-scoped proxy.
	 */
	@Bean
	@StepScope
	SubmitPipeline submitPipeline(@Value("#{stepExecution}") StepExecution stepExecution,
			@Value("#{jobParameters['" + RunParameters.INVENTORY + "']}") String inventory, CloudClients clients,
			ImageRepository images, JobRepository jobRepository, PlatformTransactionManager transactionManager,
			SubmitProperties properties, RegionQuotaRepository regionQuotas, ErrorCatalogue catalogue,
			LedgerProgress submitProgress, RunStopper stopper,
			@Value("#{stepExecutionContext['" + RegionPartitioner.REGION + "']}") String region) {
		long runId = StepRuns.runId(stepExecution);
		ImportSubmitter submitter = new ImportSubmitter(clients, clients.retrier(), images, transactionManager,
				new QuotaGuard(clients, clients.retrier(), properties.quota(), runId, regionQuotas),
				new InFlightGate(clients, clients.retrier(), properties.maxInFlightPerRegion(),
						properties.waitPollInterval(), runId, stopper),
				PlanTag.value(Path.of(inventory).getFileName().toString()), catalogue);
		// preflight runs beside submit (ImportJobConfiguration): while it may still verify images, the
		// lanes wait for them
		BooleanSupplier checking = () -> PreflightFirst.stillChecking(images, jobRepository, stepExecution);
		// a region partition runs on a worker, where its manager's stop is seen only in the job
		// repository; on this process the operator's stop reaches the pipeline directly
		BooleanSupplier runStopping = (region == null) ? () -> false : () -> jobRepository
			.getJobExecution(stepExecution.getJobExecutionId())
			.getStatus() == BatchStatus.STOPPING;
		return new SubmitPipeline(images, submitter, checking, new TransactionTemplate(transactionManager),
				properties.threads(), properties.quotaLookEvery(), submitProgress.writeListener(), stepExecution,
				stopper, region, runStopping);
	}

}
