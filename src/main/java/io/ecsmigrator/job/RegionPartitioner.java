package io.ecsmigrator.job;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ecsmigrator.ledger.ImageRepository;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.PartitionStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One partition per region of a run's images, named by the region, its context holding the region
 * under {@link #REGION}: the partitions of {@code submit} and {@code track} when workers run them
 * ({@code import --workers}). ECS paces ImportImage per region, so one region's pace, quota guard
 * and in-flight cap live in one partition, run by one worker at a time. Cut from every image but
 * the {@code INVALID} ones, whatever their status, so that the names are the same at every launch:
 * Batch restarts unfinished partitions by name. Shared by submit and track, hence in {@code job}:
 * one bean, scoped to the step that splits (the manager's), whose run it reads.
 */
@Component
@StepScope
public class RegionPartitioner implements Partitioner {

	/** The partition's region, in its step execution's context. */
	public static final String REGION = "region";

	private final ImageRepository images;

	private final long runId;

	public RegionPartitioner(ImageRepository images, @Value("#{stepExecution}") StepExecution stepExecution) {
		this.images = images;
		this.runId = StepRuns.runId(stepExecution);
	}

	/**
	 * The step {@code name} as a partition per region, each running {@code regionStep}, where the
	 * engine puts them; the listeners listen to the whole step (the manager's), the progress follows
	 * the ledger. It starts on every launch, as its region steps do.
	 *
	 * @param regions the {@link RegionPartitioner} bean
	 */
	public static Step step(String name, Step regionStep, Partitioner regions, PartitionEngine engine,
			LedgerProgress progress, JobRepository jobRepository, StepExecutionListener... listeners) throws Exception {
		PartitionStepBuilder builder = new StepBuilder(name, jobRepository).partitioner(regionStep.getName(), regions)
			.step(regionStep)
			.partitionHandler(engine.handler(regionStep, 1, 1, progress));
		for (StepExecutionListener listener : listeners) {
			builder.listener(listener);
		}
		return builder.listener(progress.stepListener()).allowStartIfComplete(true).build();
	}

	/**
	 * A region's step, run by a worker: the tasklet without a transaction around it (each of its
	 * writes commits on its own, and its waits hold no connection), started at every launch as the
	 * step it is a partition of (the splitter takes the flag from it).
	 */
	public static Step regionStep(String name, Tasklet tasklet, JobRepository jobRepository) {
		return new StepBuilder(name, jobRepository).tasklet(tasklet, new ResourcelessTransactionManager())
			.allowStartIfComplete(true)
			.build();
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (String region : this.images.regions(this.runId)) {
			ExecutionContext context = new ExecutionContext();
			context.putString(REGION, region);
			partitions.put(region, context);
		}
		return partitions;
	}

}
