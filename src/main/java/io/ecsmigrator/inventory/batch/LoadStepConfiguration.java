package io.ecsmigrator.inventory.batch;

import java.nio.file.Path;

import io.ecsmigrator.inventory.DiskLineValidator;
import io.ecsmigrator.inventory.DiskSizeLimits;
import io.ecsmigrator.inventory.Hints;
import io.ecsmigrator.inventory.InventoryFileInspector;
import io.ecsmigrator.inventory.InventoryReader;
import io.ecsmigrator.inventory.RawLine;
import io.ecsmigrator.inventory.StagedLine;
import io.ecsmigrator.job.Progress;
import io.ecsmigrator.job.ProgressListener;
import io.ecsmigrator.job.RunParameters;
import io.ecsmigrator.job.StepRuns;
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
 * The load step: streams the inventory into the staging table, one row per line with every error
 * of the line. Each chunk's rows and the reader's position commit in one transaction, so a step
 * killed at any moment restarts after the last committed chunk and loads every line exactly once.
 */
@Configuration(proxyBeanMethods = false)
public class LoadStepConfiguration {

	public static final String STEP = "load";

	public static final int CHUNK_SIZE = 1000;

	@Bean
	@StepScope
	InventoryReader inventoryReader(@Value("#{jobParameters['" + RunParameters.INVENTORY + "']}") String inventory) {
		return new InventoryReader(Path.of(inventory));
	}

	@Bean
	@StepScope
	LineValidationProcessor lineValidator(
			@Value("#{jobParameters['" + RunParameters.INVENTORY + "']}") String inventory, Hints hints,
			DiskSizeLimits limits) {
		Path path = Path.of(inventory);
		return new LineValidationProcessor(
				new DiskLineValidator(new InventoryFileInspector().readHeader(path, path), hints, limits));
	}

	@Bean
	@StepScope
	StagingWriter stagingWriter(@Value("#{stepExecution}") StepExecution stepExecution, StagingRepository staging) {
		return new StagingWriter(staging, StepRuns.runId(stepExecution));
	}

	@Bean
	Step loadStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			InventoryReader inventoryReader, LineValidationProcessor lineValidator, StagingWriter stagingWriter,
			Progress progress) {
		return new StepBuilder(STEP, jobRepository).<RawLine, StagedLine>chunk(CHUNK_SIZE)
			.transactionManager(transactionManager)
			.reader(inventoryReader)
			.processor(lineValidator)
			.writer(stagingWriter)
			.listener(new ProgressListener(STEP, progress, LoadStepConfiguration::expectedLines,
					"inventoryReader.read.count"))
			.build();
	}

	/** Physical lines less the header: an upper bound of the records, for progress. */
	private static long expectedLines(StepExecution step) {
		Long lines = step.getJobExecution().getJobParameters().getLong(RunParameters.LINES);
		return (lines != null) ? Math.max(lines - 1, 0) : -1;
	}

}
