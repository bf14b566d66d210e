package io.ecsmigrator.distributed;

import io.ecsmigrator.job.LedgerProgress;
import io.ecsmigrator.job.PartitionEngine;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.step.Step;

/**
 * {@code import --workers}: the partitions of a partitioned step run on the workers
 * ({@link RemotePartitionHandler}); this process only follows them.
 */
class RemotePartitionEngine implements PartitionEngine {

	private final ManagerServices manager;

	RemotePartitionEngine(ManagerServices manager) {
		this.manager = manager;
	}

	/** The grid as local mode cuts it: on a restart the first execution's grid is kept anyway. */
	@Override
	public PartitionHandler handler(Step workerStep, int gridSize, int threads, LedgerProgress progress) {
		return new RemotePartitionHandler(workerStep.getName(), gridSize, this.manager, progress);
	}

	@Override
	public boolean remote() {
		return true;
	}

	/**
	 * A manager that died left its run's partitions with the workers: they go on. The restarted
	 * manager waits until no live worker holds one, then gives up the requests still queued (no
	 * worker can claim them any more), so that recovering the execution fails only partitions that
	 * nobody runs; the restart then runs them again, and their ledger status says what is left.
	 */
	@Override
	public void beforeRecovery(JobExecution leftRunning) throws InterruptedException {
		long runId = leftRunning.getJobInstance().getInstanceId();
		boolean said = false;
		for (;;) {
			int live = this.manager.leases().live(runId);
			if (live == 0) {
				this.manager.leases().abandon(runId);
				if (this.manager.leases().live(runId) == 0) {
					return;
				}
				continue; // a worker claimed one between the two looks
			}
			if (!said) {
				this.manager.progress().notice("Run %d: workers still run %d partition(s) of the manager that stopped; "
					.formatted(runId, live) + "waiting for them to end before taking the run back.");
				said = true;
			}
			Thread.sleep(this.manager.properties().pollInterval().toMillis());
		}
	}

}
