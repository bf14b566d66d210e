package io.ecsmigrator.inventory.batch;

import java.nio.file.Path;
import java.util.List;

import io.ecsmigrator.inventory.Hints;
import io.ecsmigrator.inventory.InventoryFileInspector;
import io.ecsmigrator.inventory.PlannedImage;
import io.ecsmigrator.inventory.StagedLine;
import io.ecsmigrator.job.Progress;
import io.ecsmigrator.job.ProgressListener;
import io.ecsmigrator.job.RunParameters;
import io.ecsmigrator.job.StepRuns;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.StagingRepository;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The plan step: groups the staged lines into images by (region, image name), checks the rules
 * that span lines, and gives every image a ledger row, {@code PLANNED} or {@code INVALID}.
 */
@Configuration(proxyBeanMethods = false)
public class PlanStepConfiguration {

	public static final String STEP = "plan";

	public static final int CHUNK_SIZE = 1000;

	/** Lines per read: about two chunks of single-disk images. */
	static final int PAGE_LINES = 2000;

	@Bean
	@StepScope
	ImageGroupReader imageGroupReader(@Value("#{stepExecution}") StepExecution stepExecution,
			StagingRepository staging) {
		return new ImageGroupReader(staging, StepRuns.runId(stepExecution), PAGE_LINES);
	}

	@Bean
	@StepScope
	ImagePlanningProcessor imagePlanner(
			@Value("#{jobParameters['" + RunParameters.INVENTORY + "']}") String inventory, Hints hints) {
		Path path = Path.of(inventory);
		return new ImagePlanningProcessor(new InventoryFileInspector().readHeader(path, path), hints);
	}

	@Bean
	@StepScope
	PlannedImageWriter plannedImageWriter(@Value("#{stepExecution}") StepExecution stepExecution,
			ImageRepository images) {
		return new PlannedImageWriter(images, StepRuns.runId(stepExecution));
	}

	@Bean
	Step planStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ImageGroupReader imageGroupReader, ImagePlanningProcessor imagePlanner,
			PlannedImageWriter plannedImageWriter, Progress progress) {
		return new StepBuilder(STEP, jobRepository).<List<StagedLine>, PlannedImage>chunk(CHUNK_SIZE)
			.transactionManager(transactionManager)
			.reader(imageGroupReader)
			.processor(imagePlanner)
			.writer(plannedImageWriter)
			.listener(new ProgressListener(STEP, progress, step -> -1, ImageGroupReader.COUNT))
			.build();
	}

}
