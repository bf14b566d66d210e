package io.ecsmigrator.preflight;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.inventory.DiskSizeLimits;
import io.ecsmigrator.inventory.ImportDefaults;
import io.ecsmigrator.job.ImportJobConfiguration;
import io.ecsmigrator.job.LedgerProgress;
import io.ecsmigrator.job.PartitionEngine;
import io.ecsmigrator.job.Progress;
import io.ecsmigrator.job.RunParameters;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.job.StepRuns;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageRow;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.ledger.batch.LedgerImageReader;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Preflight: once per run the RAM role that imports need; then every planned image checked
 * against the cloud, read-only, by {@code --threads} threads over partitions of the inventory
 * (ranges of first lines). Each image ends {@code VERIFIED}, {@code VERIFY_FAILED} or
 * {@code ALREADY_IMPORTED}; a restart redoes only the partitions that had not completed, and
 * within them only the images still {@code PLANNED}.
 */
@Configuration(proxyBeanMethods = false)
public class PreflightStepConfiguration {

	public static final String ROLE_STEP = "importRole";

	public static final String STEP = ImportJobConfiguration.PREFLIGHT_STEP;

	static final String WORKER_STEP = "preflightPartition";

	/** Images per transaction: a few seconds of calls, so a restart redoes little. */
	static final int CHUNK_SIZE = 10;

	/** Partitions per thread: smaller partitions balance the threads and make restarts cheaper. */
	static final int PARTITIONS_PER_THREAD = 4;

	@Bean
	Step importRoleStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ObjectProvider<CloudClients> clients, Progress progress, ErrorCatalogue catalogue, ImageRepository images,
			ImportDefaults defaults) {
		return new StepBuilder(ROLE_STEP, jobRepository)
			.tasklet(new ImportRoleTasklet(clients, progress, catalogue, images, defaults), transactionManager)
			// at every launch: the settings are read anew, and a changed run-wide role must be checked
			.allowStartIfComplete(true)
			.build();
	}

	/** One per process: it keeps the region list and bucket locations for every thread. */
	@Bean
	@Lazy
	ImageVerifier imageVerifier(CloudClients clients, ErrorCatalogue catalogue, DiskSizeLimits limits) {
		return new ImageVerifier(clients, clients.retrier(), catalogue, limits);
	}

	@Bean
	@StepScope
	Partitioner preflightPartitioner(@Value("#{stepExecution}") StepExecution stepExecution, ImageRepository images) {
		long runId = StepRuns.runId(stepExecution);
		// Batch asks the partitioner again on a restart and restarts the unfinished partitions by
		// name, so the same names must mean the same ranges: cut from all images, not the PLANNED
		// ones, whose range shrinks as preflight goes on
		return gridSize -> partitions(images.firstLineRange(runId), gridSize);
	}

	/** Splits the range of first lines into about equal ranges; one empty partition if none. */
	public static Map<String, ExecutionContext> partitions(int[] range, int gridSize) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		if (range == null) {
			partitions.put("partition0", range(1, 0));
			return partitions;
		}
		long span = (long) range[1] - range[0] + 1;
		long size = Math.max(1, (span + gridSize - 1) / gridSize);
		int n = 0;
		for (long from = range[0]; from <= range[1]; from += size) {
			partitions.put("partition" + n++, range((int) from, (int) Math.min(range[1], from + size - 1)));
		}
		return partitions;
	}

	private static ExecutionContext range(int from, int to) {
		ExecutionContext context = new ExecutionContext();
		context.putInt("fromLine", from);
		context.putInt("toLine", to);
		return context;
	}

	/**
	 * Built for each execution, so that its threads are this launch's {@code --threads}: the
	 * partitions, then the sweeps over the images they left unchecked.
	 */
	@Bean
	@StepScope
	PreflightSweeps preflightPartitionHandler(Step preflightPartitionStep,
			@Value("#{stepExecution}") StepExecution stepExecution, ImageVerifier imageVerifier,
			ImageRepository images, PlatformTransactionManager transactionManager, PreflightProperties properties,
			RunStopper stopper, PartitionEngine engine, LedgerProgress preflightProgress) throws Exception {
		int n = RunParameters.options(stepExecution.getJobParameters()).threads();
		// on this process's threads, or on workers (import --workers)
		PartitionHandler handler = engine.handler(preflightPartitionStep, n * PARTITIONS_PER_THREAD, n,
				preflightProgress);
		return new PreflightSweeps(handler, imageVerifier, images, new TransactionTemplate(transactionManager), n,
				properties, stopper);
	}

	/**
	 * Runs on every launch (also after a completed preflight): it reads only {@code PLANNED} images,
	 * so it costs nothing when all were checked, and checks again those a launch left unchecked.
	 */
	@Bean
	Step preflightStep(JobRepository jobRepository, Step preflightPartitionStep, Partitioner preflightPartitioner,
			PartitionHandler preflightPartitionHandler, LedgerProgress preflightProgress) {
		return new StepBuilder(STEP, jobRepository).partitioner(WORKER_STEP, preflightPartitioner)
			.step(preflightPartitionStep)
			.partitionHandler(preflightPartitionHandler)
			.listener(preflightProgress.stepListener())
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	LedgerProgress preflightProgress(Progress progress, ImageRepository images) {
		return new LedgerProgress(STEP, progress, stepExecution -> {
			Map<ImageStatus, Long> counts = images.countByStatus(StepRuns.runId(stepExecution));
			long valid = counts.entrySet()
				.stream()
				.filter(e -> e.getKey() != ImageStatus.INVALID)
				.mapToLong(Map.Entry::getValue)
				.sum();
			return new long[] { valid, valid - counts.getOrDefault(ImageStatus.PLANNED, 0L) };
		});
	}

	@Bean
	Step preflightPartitionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			LedgerImageReader plannedImageReader, ItemProcessor<ImageRow, Verification> imageVerifyingProcessor,
			ItemWriter<Verification> verdictWriter, LedgerProgress preflightProgress) {
		return new StepBuilder(WORKER_STEP, jobRepository).<ImageRow, Verification>chunk(CHUNK_SIZE)
			.transactionManager(transactionManager)
			.reader(plannedImageReader)
			.processor(imageVerifyingProcessor)
			.writer(verdictWriter)
			.listener(preflightProgress.writeListener())
			.build();
	}

	@Bean
	@StepScope
	LedgerImageReader plannedImageReader(@Value("#{stepExecution}") StepExecution stepExecution,
			@Value("#{stepExecutionContext['fromLine']}") Integer fromLine,
			@Value("#{stepExecutionContext['toLine']}") Integer toLine, ImageRepository images) {
		return new LedgerImageReader(images, StepRuns.runId(stepExecution), fromLine, toLine, ImageStatus.PLANNED);
	}

	/** An image and what preflight found. */
	record Verification(ImageRow image, Verdict verdict) {
	}

	@Bean
	ItemProcessor<ImageRow, Verification> imageVerifyingProcessor(ImageVerifier imageVerifier) {
		return image -> new Verification(image, imageVerifier.verify(toVerify(image)));
	}

	static ImageToVerify toVerify(ImageRow image) {
		return new ImageToVerify(image.runId(), image.firstLine(), image.region(), image.name(), image.disks()
			.stream()
			.map(d -> new ImageToVerify.Disk(d.lineNo(), d.diskIndex(), d.bucket(), d.object(), d.diskSizeGib()))
			.toList());
	}

	/** An unchecked image (a passing failure out of retries) keeps its last error and stays PLANNED. */
	@Bean
	ItemWriter<Verification> verdictWriter(ImageRepository images) {
		VerdictRecorder recorder = new VerdictRecorder(images);
		return chunk -> {
			for (Verification verification : chunk) {
				ImageRow image = verification.image();
				recorder.record(image.runId(), image.firstLine(), verification.verdict());
			}
		};
	}


}
