package io.ecsmigrator.job;

import io.ecsmigrator.inventory.InventoryFile;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Starts a run, or continues it: the same job on the same inventory is one job instance. A failed
 * or stopped execution is restarted where it stopped; one left running by a killed process is
 * first recovered (marked failed) and then restarted; a completed run is not redone.
 */
@Component
public class RunLauncher {

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final RunLock runLock;

	private final Progress progress;

	private final RunStopper stopper;

	private final PartitionEngine partitions;

	public RunLauncher(JobOperator jobOperator, JobRepository jobRepository, RunLock runLock, Progress progress,
			RunStopper stopper, PartitionEngine partitions) {
		this.partitions = partitions;
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.runLock = runLock;
		this.progress = progress;
		this.stopper = stopper;
	}

	/**
	 * @throws RunLock.RunInProgressException if another process is running the same run
	 */
	public RunOutcome launch(Job job, InventoryFile inventory) throws Exception {
		return launch(job, inventory, RunOptions.DEFAULTS);
	}

	/**
	 * @throws RunLock.RunInProgressException if another process is running the same run
	 */
	public RunOutcome launch(Job job, InventoryFile inventory, RunOptions options) throws Exception {
		try (RunLock.Held held = this.runLock.acquire(job.getName(), inventory.path().toString(),
				inventory.sha256())) {
			return launchHeld(job, inventory, options);
		}
	}

	private RunOutcome launchHeld(Job job, InventoryFile inventory, RunOptions options) throws Exception {
		JobParameters parameters = RunParameters.of(inventory, options);
		JobInstance instance = this.jobRepository.getJobInstance(job.getName(), parameters);
		if (instance == null) {
			return start(job, parameters, false, false);
		}
		JobExecution last = this.jobRepository.getLastJobExecution(instance);
		if (last == null) {
			return start(job, parameters, false, false);
		}
		if (last.getStatus() == BatchStatus.COMPLETED) {
			return new RunOutcome(instance.getInstanceId(), BatchStatus.COMPLETED, true, false, false,
					java.util.List.of(), false, false);
		}
		boolean recovered = false;
		if (leftRunning(last)) {
			// No other process holds the run (RunLock), so a running execution found here belongs to
			// a process that died (SIGKILL, power loss) without marking it. Its partitions that live
			// workers still run are theirs to finish first: recovering fails every running step.
			this.partitions.beforeRecovery(last);
			// read again: the workers may have moved its step executions meanwhile
			last = this.jobOperator.recover(this.jobRepository.getJobExecution(last.getId()));
			recovered = true;
			this.progress.notice("Run %d was left running by a process that stopped; recovered it, continuing."
				.formatted(instance.getInstanceId()));
		}
		else {
			this.progress.notice("Continuing run %d where it stopped.".formatted(instance.getInstanceId()));
		}
		// start, not restart(last): the same identifying parameters continue the same instance, and
		// this launch's options (--wait, --dry-run, --threads) replace those of the one that stopped
		return start(job, parameters, recovered, true);
	}

	/**
	 * The execution, or one of its steps, is still marked running. A process halted while stopping
	 * (Ctrl-C past {@code migrator.shutdown.grace}, or twice) leaves the execution {@code STOPPING}
	 * and its step {@code STARTED}, which Batch refuses to restart until it is recovered.
	 */
	private static boolean leftRunning(JobExecution last) {
		return last.getStatus().isRunning()
				|| last.getStepExecutions().stream().anyMatch(step -> step.getStatus().isRunning());
	}

	/** Starts the execution where a stop ({@link RunStopper}) can reach it, after any recovery. */
	private RunOutcome start(Job job, JobParameters parameters, boolean recovered, boolean restarted)
			throws Exception {
		this.stopper.launching(job.getName(), parameters);
		try {
			JobExecution execution = this.jobOperator.start(job, parameters);
			return new RunOutcome(execution.getJobInstance().getInstanceId(), execution.getStatus(), false,
					recovered, restarted, execution.getAllFailureExceptions(), RunOutcome.trackTimedOut(execution),
					this.stopper.requested());
		}
		finally {
			this.stopper.launched();
		}
	}

}
