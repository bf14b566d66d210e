package io.ecsmigrator.distributed;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.DataAccessException;

/**
 * A worker's heartbeat: one thread that renews the leases of the partitions in hand every
 * {@code migrator.distributed.heartbeat}, in one statement, and says the worker is alive. A
 * partition whose lease was not renewed was lost (the manager found it late and gave it to another
 * worker): its step is asked to stop at its next chunk ({@code terminateOnly}). The same happens to
 * every partition in hand when no renewal has succeeded for {@code lease - 2 x heartbeat} (the
 * database is out of reach): the worker fences itself before the manager can give its work away.
 * A step that went on anyway could not commit: its chunks commit with its step execution, whose
 * version the manager moved when it failed it.
 */
public class WorkerHeartbeat implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WorkerHeartbeat.class);

	private final PartitionLeaseRepository leases;

	private final WorkerRegistry registry;

	private final String workerId;

	private final Duration lease;

	private final Duration every;

	private final Map<Long, StepExecution> inHand = new ConcurrentHashMap<>();

	private final CountDownLatch closed = new CountDownLatch(1);

	private volatile long lastRenewal = System.nanoTime();

	private Thread thread;

	public WorkerHeartbeat(PartitionLeaseRepository leases, WorkerRegistry registry, String workerId,
			DistributedProperties properties) {
		this.leases = leases;
		this.registry = registry;
		this.workerId = workerId;
		this.lease = properties.lease();
		this.every = properties.heartbeat();
	}

	/** A partition claimed: its lease is renewed from now on. */
	public void hold(StepExecution stepExecution) {
		this.inHand.put(stepExecution.getId(), stepExecution);
	}

	public void drop(long stepExecutionId) {
		this.inHand.remove(stepExecutionId);
	}

	public int partitions() {
		return this.inHand.size();
	}

	public synchronized void start() {
		if (this.thread != null) {
			return;
		}
		this.thread = new Thread(this::run, "worker-heartbeat");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void run() {
		try {
			while (!this.closed.await(this.every.toMillis(), TimeUnit.MILLISECONDS)) {
				beat();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** One heartbeat: renew, stop what was lost, fence when the database has been silent too long. */
	void beat() {
		Set<Long> ids = Set.copyOf(this.inHand.keySet());
		try {
			Set<Long> held = this.leases.renew(ids, this.workerId, this.lease);
			this.registry.beat(this.workerId);
			this.lastRenewal = System.nanoTime();
			for (Long id : ids) {
				StepExecution lost = held.contains(id) ? null : this.inHand.get(id);
				if (lost != null && !lost.isTerminateOnly()) {
					log.warn("partition {} ({}) was lost: its lease expired and the manager gave it to another "
							+ "worker; stopping it", id, lost.getStepName());
					lost.setTerminateOnly();
				}
			}
		}
		catch (DataAccessException ex) {
			long silent = System.nanoTime() - this.lastRenewal;
			Duration fenceAfter = this.lease.minus(this.every.multipliedBy(2));
			log.warn("heartbeat failed ({} ms since the last renewal): {}", TimeUnit.NANOSECONDS.toMillis(silent),
					ex.getMessage());
			if (silent > fenceAfter.toNanos()) {
				this.inHand.values().stream().filter(execution -> !execution.isTerminateOnly()).forEach(execution -> {
					log.warn("stopping partition {} ({}): no lease renewed for {} ms, the manager may give it away",
							execution.getId(), execution.getStepName(), TimeUnit.NANOSECONDS.toMillis(silent));
					execution.setTerminateOnly();
				});
			}
		}
	}

	@Override
	public void close() {
		this.closed.countDown();
	}

}
