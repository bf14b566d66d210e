package io.ecsmigrator.job;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.step.Step;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/** Partitions on this process's threads: the single-process mode, the default. */
@Component
@ConditionalOnExpression("'${migrator.distributed.role:}' != 'manager'")
public class LocalPartitionEngine implements PartitionEngine {

	@Override
	public PartitionHandler handler(Step workerStep, int gridSize, int threads) throws Exception {
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
