package io.ecsmigrator.distributed;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ecsmigrator.job.LedgerProgress;
import io.ecsmigrator.job.Progress;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.job.StepRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The manager's side of a partitioned step run by workers. It splits the step as Spring Batch
 * does, queues a lease and sends a request for each partition, then looks every
 * {@code poll-interval} at the job repository and the leases (both shared and durable, so a
 * restarted manager sees what this one saw) until every partition has ended:
 * <ul>
 * <li>a lease that expired (its worker silent for {@code lease}) is lost: the partition's step
 * execution is failed ({@code LEASE_LOST}) and a new one, with its execution context, is queued and
 * sent: the takeover. The ledger's status is the checkpoint, so the new one does only what is
 * left. Past {@code max-takeovers} for one partition, it stays failed and so does the step;</li>
 * <li>a partition a stopping worker handed back ({@code RELEASED}) is queued again the same way,
 * without the failure;</li>
 * <li>a request not confirmed by the broker, or not claimed for {@code republish-after}, is sent
 * again (a duplicate costs a worker one guarded {@code UPDATE});</li>
 * <li>on a stop (Ctrl-C), requests no worker has claimed are withdrawn; the claimed ones stop at
 * their next chunk, as the workers see the job execution stopping.</li>
 * </ul>
 * Spring Batch's {@code MessageChannelPartitionHandler} only waits for replies: it cannot replace a
 * lost partition, and a restarted manager never gets the old replies.
 */
class RemotePartitionHandler implements PartitionHandler {

	private static final Logger log = LoggerFactory.getLogger(RemotePartitionHandler.class);

	private final String workerStep;

	private final int gridSize;

	private final JobRepository jobRepository;

	private final PartitionLeaseRepository leases;

	private final PartitionRequests requests;

	private final DistributedProperties properties;

	private final RunStopper stopper;

	private final Progress progress;

	private final LedgerProgress stepProgress;

	RemotePartitionHandler(String workerStep, int gridSize, ManagerServices manager, LedgerProgress stepProgress) {
		this.stepProgress = stepProgress;
		this.workerStep = workerStep;
		this.gridSize = gridSize;
		this.jobRepository = manager.jobRepository();
		this.leases = manager.leases();
		this.requests = manager.requests();
		this.properties = manager.properties();
		this.stopper = manager.stopper();
		this.progress = manager.progress();
	}

	@Override
	public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution managerStepExecution)
			throws Exception {
		long runId = StepRuns.runId(managerStepExecution);
		long jobExecutionId = managerStepExecution.getJobExecutionId();
		// by step execution id; a takeover replaces the lost execution with its successor
		Map<Long, StepExecution> tracked = new LinkedHashMap<>();
		for (StepExecution partition : splitter.split(managerStepExecution, this.gridSize)) {
			this.leases.queue(partition.getId(), jobExecutionId, runId, partition.getStepName(), null);
			tracked.put(partition.getId(), partition);
		}
		log.info("{}: {} partition(s) queued for the workers on {}", this.workerStep, tracked.size(),
				this.properties.queue());
		Map<String, Integer> takeovers = new HashMap<>();
		Set<String> refusalsSaid = new HashSet<>();
		boolean withdrawn = false;
		long started = System.nanoTime();
		boolean idleSaid = false;
		for (;;) {
			sendPending(runId, jobExecutionId, tracked);
			if (this.stopper.requested() && !withdrawn) {
				withdrawn = true;
				withdrawUnclaimed(tracked);
			}
			for (PartitionLeaseRepository.Lost lost : this.leases.expire(List.copyOf(tracked.keySet()))) {
				String reason = "LEASE_LOST: worker %s silent since %s".formatted(lost.workerId(),
						lost.heartbeatAt().truncatedTo(ChronoUnit.SECONDS));
				takeOver(lost.stepExecutionId(), reason, true, runId, jobExecutionId, tracked, takeovers);
			}
			Map<Long, String> leaseStates = this.leases.states(tracked.keySet());
			Map<Long, String> statuses = this.leases.stepStatuses(tracked.keySet());
			boolean leaseToEnd = false;
			for (Long id : List.copyOf(tracked.keySet())) {
				String lease = leaseStates.get(id);
				boolean running = BatchStatus.valueOf(statuses.get(id)).isRunning();
				if (PartitionLeaseRepository.RELEASED.equals(lease) && !this.stopper.requested()) {
					takeOver(id, null, false, runId, jobExecutionId, tracked, takeovers);
				}
				else if (PartitionLeaseRepository.RUNNING.equals(lease) && !running) {
					if (BatchStatus.STOPPED.name().equals(statuses.get(id)) && !this.stopper.requested()) {
						// the worker ended the step STOPPED: a stopping worker is about to hand it back
						// (RELEASED: taken over), or the partition stopped itself (a submit region on
						// an account error: DONE, and the step stops as local mode's does); the lease
						// says which at a next look, or expires if the worker died meanwhile
						leaseToEnd = true;
					}
					else {
						// the worker ended the step and died, or has yet to end its lease
						this.leases.close(id, PartitionLeaseRepository.DONE);
					}
				}
				else if (PartitionLeaseRepository.DONE.equals(lease) && running) {
					// the step's own end was never written (a failure escaped the step)
					fail(id, "FAILED: the worker ended the partition without its step's end");
				}
			}
			sayRefusals(jobExecutionId, refusalsSaid);
			if (!idleSaid && System.nanoTime() - started > this.properties.lease().toNanos()
					&& leaseStates.values().stream().allMatch(PartitionLeaseRepository.QUEUED::equals)
					&& this.leases.live(runId) == 0) {
				// the wave waits for workers, which may not have been started (workers busy with the
				// run's other partitions, preflight's beside submit's, are no reason to say so)
				this.progress.notice("No worker has taken a partition of %s for %d s: start workers with the 'worker' "
					.formatted(this.workerStep, this.properties.lease().toSeconds())
						+ "command, on this ledger and queue " + this.properties.queue() + " (README, \"Distributed mode\").");
				idleSaid = true;
			}
			this.stepProgress.refresh(managerStepExecution);
			Map<Long, String> now = this.leases.stepStatuses(tracked.keySet());
			if (!leaseToEnd && now.values().stream().noneMatch(status -> BatchStatus.valueOf(status).isRunning())) {
				// the partitions' last writes, which may have come after this look's refresh
				this.stepProgress.refresh(managerStepExecution);
				List<StepExecution> ended = new ArrayList<>();
				for (Long id : tracked.keySet()) {
					ended.add(this.jobRepository.getStepExecution(id));
				}
				return ended;
			}
			Thread.sleep(this.properties.pollInterval().toMillis());
		}
	}

	private void sendPending(long runId, long jobExecutionId, Map<Long, StepExecution> tracked) {
		for (Long id : this.leases.toSend(jobExecutionId, this.properties.republishAfter())) {
			StepExecution partition = tracked.get(id);
			if (partition == null) {
				continue;
			}
			try {
				this.requests.send(this.workerStep, id, runId, jobExecutionId);
				this.leases.sent(id);
			}
			catch (AmqpException ex) {
				log.warn("partition {} ({}) not sent: {}; sending it again at the next look", id,
						partition.getStepName(), ex.getMessage());
				return;
			}
		}
	}

	/** The manager stops: partitions no worker has claimed end now, {@code STOPPED}, restartable. */
	private void withdrawUnclaimed(Map<Long, StepExecution> tracked) {
		for (Long id : tracked.keySet()) {
			if (this.leases.withdraw(id)) {
				update(id, execution -> {
					execution.setStatus(BatchStatus.STOPPED);
					execution.setExitStatus(ExitStatus.STOPPED);
				});
			}
		}
	}

	private void takeOver(long lostId, String reason, boolean failIt, long runId, long jobExecutionId,
			Map<Long, StepExecution> tracked, Map<String, Integer> takeovers) {
		if (failIt) {
			fail(lostId, reason);
		}
		StepExecution lost = this.jobRepository.getStepExecution(lostId);
		if (lost.getStatus() == BatchStatus.COMPLETED) {
			return; // it ended just before its lease ran out
		}
		if (this.stopper.requested()) {
			// the run stops: no new request, which no worker might be left to take; the next launch
			// restarts the partition
			tracked.put(lostId, lost);
			return;
		}
		int count = takeovers.merge(lost.getStepName(), 1, Integer::sum);
		if (count > this.properties.maxTakeovers()) {
			this.progress.notice("%s lost its worker %d times: left failed (%s); run the same command again to "
				.formatted(lost.getStepName(), count, (reason != null) ? reason : "released") + "retry it");
			tracked.put(lostId, lost);
			return;
		}
		StepExecution successor = this.jobRepository.createStepExecution(lost.getStepName(),
				tracked.get(lostId).getJobExecution());
		successor.setExecutionContext(new ExecutionContext(lost.getExecutionContext()));
		this.jobRepository.updateExecutionContext(successor);
		this.leases.queue(successor.getId(), jobExecutionId, runId, successor.getStepName(), lostId);
		Map<Long, StepExecution> reordered = new LinkedHashMap<>();
		tracked.forEach((id, execution) -> reordered.put((id == lostId) ? successor.getId() : id,
				(id == lostId) ? successor : execution));
		tracked.clear();
		tracked.putAll(reordered);
		this.progress.notice("%s: %s; taken over as step execution %d".formatted(lost.getStepName(),
				(reason != null) ? reason : "handed back by a stopping worker", successor.getId()));
		sendPending(runId, jobExecutionId, tracked);
	}

	/** Fails a partition's step execution, whose worker may still write it: read, set, retry. */
	private void fail(long stepExecutionId, String reason) {
		update(stepExecutionId, execution -> {
			execution.setStatus(BatchStatus.FAILED);
			execution.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), reason));
		});
	}

	private void update(long stepExecutionId, java.util.function.Consumer<StepExecution> change) {
		for (int attempt = 1;; attempt++) {
			StepExecution execution = this.jobRepository.getStepExecution(stepExecutionId);
			if (!execution.getStatus().isRunning()) {
				return;
			}
			change.accept(execution);
			execution.setEndTime(LocalDateTime.now());
			try {
				this.jobRepository.update(execution);
				return;
			}
			catch (OptimisticLockingFailureException ex) {
				// a chunk of its worker committed in between: read it again
				if (attempt >= 10) {
					throw ex;
				}
			}
		}
	}

	private void sayRefusals(long jobExecutionId, Set<String> said) {
		for (String refusal : this.leases.refusals(jobExecutionId)) {
			if (said.add(refusal)) {
				this.progress.notice("A worker refused partitions of this run: " + refusal
						+ "; they wait for a worker that can run them.");
			}
		}
	}

}
