package io.ecsmigrator.job;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/** Partitions on this process's threads: the single-process mode, the default. */
@Component
@ConditionalOnExpression("'${migrator.distributed.role:}' != 'manager'")
public class LocalPartitionEngine implements PartitionEngine {

	private final ObjectProvider<PartitionsElsewhere> elsewhere;

	public LocalPartitionEngine(ObjectProvider<PartitionsElsewhere> elsewhere) {
		this.elsewhere = elsewhere;
	}

	/**
	 * A run whose manager died while workers run its partitions is theirs until they end: a local
	 * launch would fail their partitions and run them again beside them.
	 */
	@Override
	public void beforeRecovery(JobExecution leftRunning) {
		long runId = leftRunning.getJobInstance().getInstanceId();
		PartitionsElsewhere workers = this.elsewhere.getIfAvailable();
		int live = (workers != null) ? workers.live(runId) : 0;
		if (live > 0) {
			throw new RunLock.RunInProgressException(("workers are running %d partition(s) of run %d, whose manager "
					+ "stopped: continue it with the same command and --workers, which waits for them").formatted(live,
							runId));
		}
	}

	@Override
	public PartitionHandler handler(Step workerStep, int gridSize, int threads, LedgerProgress progress)
			throws Exception {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(workerStep.getName() + "-");
		executor.setConcurrencyLimit(threads);
		TaskExecutorPartitionHandler handler = new TaskExecutorPartitionHandler();
		handler.setStep(workerStep);
		handler.setTaskExecutor(executor);
		handler.setGridSize(gridSize);
		handler.afterPropertiesSet();
		return handler;
	}

}
