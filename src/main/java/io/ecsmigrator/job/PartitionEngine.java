package io.ecsmigrator.job;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.step.Step;

/**
 * Where the partitions of a partitioned step run: on this process's threads (the default,
 * {@link LocalPartitionEngine}), or on worker processes ({@code import --workers}, the
 * {@code distributed} package). A feature's step asks it for its handler, so no feature depends on
 * the distributed mode.
 */
public interface PartitionEngine {

	/**
	 * @param workerStep the step each partition runs
	 * @param gridSize how many partitions to cut on the first execution (a restart keeps the first
	 * execution's)
	 * @param threads how many partitions this process runs at once, where it runs them
	 * @param progress the step's progress, which a handler whose partitions write elsewhere refreshes
	 * from the ledger
	 */
	PartitionHandler handler(Step workerStep, int gridSize, int threads, LedgerProgress progress) throws Exception;

	/**
	 * Whether partitions run in other processes: then submit and track are partitioned too, by
	 * region ({@link RegionPartitioner}); on this process they stay one step each, with a lane per
	 * region inside.
	 */
	default boolean remote() {
		return false;
	}

	/**
	 * Called before a launch recovers an execution a dead process left running (every running step
	 * execution of it is then marked failed): the distributed engine first waits for the partitions
	 * live workers still hold, so that none runs twice at once.
	 */
	default void beforeRecovery(JobExecution leftRunning) throws InterruptedException {
	}

}
