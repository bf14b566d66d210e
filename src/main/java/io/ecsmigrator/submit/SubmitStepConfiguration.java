package io.ecsmigrator.submit;

import java.nio.file.Path;
import java.util.Map;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.images.PlanTag;
import io.ecsmigrator.job.LedgerProgress;
import io.ecsmigrator.job.Progress;
import io.ecsmigrator.job.RunParameters;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.job.StepRuns;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.RegionQuotaRepository;
import io.ecsmigrator.ledger.ImageRow;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.ledger.batch.LedgerImageReader;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Submit: ImportImage for every {@code VERIFIED} image, in chunks whose items are sent by several
 * threads at once (the limiter paces them; slow calls overlap). Images left {@code SUBMITTING} by
 * a crash are read first and reconciled before anything new is sent. Runs again on every launch
 * of a run that is not complete, since deferred images go back to {@code VERIFIED} then.
 */
@Configuration(proxyBeanMethods = false)
public class SubmitStepConfiguration {

	public static final String STEP = "submit";

	@Bean
	Step submitStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			SubmitProperties properties, LedgerImageReader submittableImageReader,
			ItemProcessor<ImageRow, Submission> importSubmittingProcessor, SubmissionWriter submissionWriter,
			ImageRepository images, Progress progress) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("submit-");
		executor.setConcurrencyLimit(properties.threads());
		LedgerProgress submitProgress = new LedgerProgress(STEP, progress, stepExecution -> {
			Map<ImageStatus, Long> counts = images.countByStatus(StepRuns.runId(stepExecution));
			return new long[] { counts.getOrDefault(ImageStatus.VERIFIED, 0L)
					+ counts.getOrDefault(ImageStatus.SUBMITTING, 0L), 0 };
		});
		return new StepBuilder(STEP, jobRepository).<ImageRow, Submission>chunk(properties.chunkSize())
			.transactionManager(transactionManager)
			.taskExecutor(executor)
			.reader(submittableImageReader)
			.processor(importSubmittingProcessor)
			.writer(submissionWriter)
			.listener(new DeferredImagesReturn(images))
			.listener(submitProgress.stepListener())
			.listener(submitProgress.processListener())
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	@StepScope
	LedgerImageReader submittableImageReader(@Value("#{stepExecution}") StepExecution stepExecution,
			ImageRepository images) {
		return new LedgerImageReader(images, StepRuns.runId(stepExecution), 0, Integer.MAX_VALUE,
				ImageStatus.SUBMITTING, ImageStatus.VERIFIED);
	}

	@Bean
	@StepScope
	ImportSubmitter importSubmitter(@Value("#{stepExecution}") StepExecution stepExecution,
			@Value("#{jobParameters['" + RunParameters.INVENTORY + "']}") String inventory, CloudClients clients,
			ImageRepository images, PlatformTransactionManager transactionManager, SubmitProperties properties,
			RegionQuotaRepository regionQuotas, ErrorCatalogue catalogue) {
		long runId = StepRuns.runId(stepExecution);
		return new ImportSubmitter(clients, clients.retrier(), images, transactionManager,
				new QuotaGuard(clients, clients.retrier(), properties.quota(), runId, regionQuotas),
				new InFlightGate(clients, clients.retrier(), properties.maxInFlightPerRegion(),
						properties.waitPollInterval(), runId),
				PlanTag.value(Path.of(inventory).getFileName().toString()), catalogue);
	}

	/**
	 * The step's submitter is step-scoped: each execution has its own quota counts and gates. Once
	 * the operator stops the run, no new call is sent: the images left stay where they are for the
	 * next launch, while the calls already sent get their answers.
	 */
	@Bean
	ItemProcessor<ImageRow, Submission> importSubmittingProcessor(ImportSubmitter importSubmitter,
			RunStopper stopper) {
		return image -> stopper.requested() ? null : importSubmitter.submit(image);
	}

	@Bean
	@StepScope
	SubmissionWriter submissionWriter(@Value("#{stepExecution}") StepExecution stepExecution,
			ImageRepository images, ImportSubmitter importSubmitter, RunStopper stopper) {
		return new SubmissionWriter(images, importSubmitter, stepExecution, stopper);
	}

}
