package io.ecsmigrator.distributed;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.rabbitmq.client.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;

/**
 * A worker's handling of one partition request, on a consumer thread of its own (as many as
 * {@code migrator.distributed.worker.concurrency}, one unacknowledged request each). Every request
 * is acknowledged or rejected, whatever happens:
 * <ol>
 * <li>a request of another ledger or another migrator version is refused: rejected to the retry
 * queue, whence it comes back after {@code refuse-delay} for a worker that can run it; never a
 * failure of the wave;</li>
 * <li>the lease is claimed; if it cannot be (another worker holds it, it ended, the manager gave it
 * up), the request is stale: acknowledged, nothing run. So a redelivered request of a partition a
 * live worker holds is never run twice at once;</li>
 * <li>the step execution is run as Spring Batch's {@code StepExecutionRequestHandler} runs it, under
 * the lease the heartbeat renews;</li>
 * <li>the lease is ended, and only then the request acknowledged: a worker that dies before leaves
 * it to the broker to deliver again, and to the manager to take over.</li>
 * </ol>
 */
class PartitionWorker implements ChannelAwareMessageListener {

	private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

	private final String workerId;

	private final String ledgerId;

	private final String version;

	private final JobRepository jobRepository;

	private final PartitionLeaseRepository leases;

	private final WorkerHeartbeat heartbeat;

	private final DistributedProperties properties;

	/** The steps a request may name, by step name. */
	private final Function<String, Step> steps;

	private final Set<String> refusalsSaid = ConcurrentHashMap.newKeySet();

	private final Map<Long, StepExecution> running = new ConcurrentHashMap<>();

	private volatile boolean stopping;

	PartitionWorker(String workerId, String ledgerId, String version, JobRepository jobRepository,
			PartitionLeaseRepository leases, WorkerHeartbeat heartbeat, DistributedProperties properties,
			Function<String, Step> steps) {
		this.workerId = workerId;
		this.ledgerId = ledgerId;
		this.version = version;
		this.jobRepository = jobRepository;
		this.leases = leases;
		this.heartbeat = heartbeat;
		this.properties = properties;
		this.steps = steps;
	}

	@Override
	public void onMessage(Message message, Channel channel) throws Exception {
		long tag = message.getMessageProperties().getDeliveryTag();
		boolean refuse;
		try {
			refuse = !handle(message);
		}
		catch (RuntimeException ex) {
			// the ledger failed us (not the step: its failures are its own): leave the request for
			// another look rather than lose it
			log.error("partition request not handled: {}; it comes back after {}", ex.getMessage(),
					this.properties.refuseDelay(), ex);
			refuse = true;
		}
		if (refuse) {
			channel.basicNack(tag, false, false);
		}
		else {
			channel.basicAck(tag, false);
		}
	}

	/** @return {@code false} to refuse the request, {@code true} when it is done with */
	boolean handle(Message message) {
		PartitionRequests.Received received;
		try {
			received = PartitionRequests.Received.of(message);
		}
		catch (MessageConversionException ex) {
			log.error("dropped a message that is not a partition request: {}", ex.getMessage());
			return true;
		}
		long id = received.request().getStepExecutionId();
		String refusal = refusal(received);
		if (refusal != null) {
			if (this.refusalsSaid.add(refusal)) {
				log.warn("refusing partition requests: {}; left for another worker", refusal);
			}
			if (this.ledgerId.equals(received.ledgerId())) {
				this.leases.refused(id, refusal);
			}
			return false;
		}
		if (this.stopping) {
			return false; // stopping: the next worker takes it
		}
		if (this.leases.claim(id, this.workerId, this.properties.lease()).isEmpty()) {
			log.info("partition {} ({}) is not queued any more (held, ended or given up): nothing to run", id,
					received.request().getStepName());
			return true;
		}
		StepExecution execution = this.jobRepository.getStepExecution(id);
		if (execution == null || execution.getJobExecutionId() != received.jobExecutionId()
				|| !execution.getStatus().isRunning()) {
			log.info("partition {} is not to be run (its step execution ended, or is another job's)", id);
			this.leases.end(id, this.workerId, PartitionLeaseRepository.DONE);
			return true;
		}
		this.heartbeat.hold(execution);
		this.running.put(id, execution);
		try {
			run(execution, received.request().getStepName());
		}
		finally {
			this.running.remove(id);
			this.heartbeat.drop(id);
		}
		boolean handedBack = this.stopping && execution.getStatus() == BatchStatus.STOPPED;
		this.leases.end(id, this.workerId,
				handedBack ? PartitionLeaseRepository.RELEASED : PartitionLeaseRepository.DONE);
		log.info("partition {} ({}) ended {}{}", id, execution.getStepName(), execution.getStatus(),
				handedBack ? ", handed back" : "");
		return true;
	}

	/** Why this worker cannot run the request, or {@code null}. */
	private String refusal(PartitionRequests.Received received) {
		if (!this.ledgerId.equals(received.ledgerId()) || !this.version.equals(received.version())) {
			return "request of ledger %s (migrator %s), and this worker serves ledger %s with migrator %s".formatted(
					received.ledgerId(), received.version(), this.ledgerId, this.version);
		}
		return null;
	}

	/** As Spring Batch's {@code StepExecutionRequestHandler}: the step's failures end in its execution. */
	private void run(StepExecution execution, String stepName) {
		Step step = this.steps.apply(stepName);
		try {
			if (step == null) {
				throw new IllegalStateException("no step " + stepName + " in this worker");
			}
			step.execute(execution);
		}
		catch (Throwable ex) {
			log.error("partition {} ({}) failed", execution.getId(), stepName, ex);
			execution.addFailureException(ex);
			execution.setStatus(BatchStatus.FAILED);
			execution.setExitStatus(ExitStatus.FAILED.addExitDescription(ex));
			try {
				this.jobRepository.update(execution);
			}
			catch (RuntimeException notSaved) {
				log.error("partition {}: its failure could not be saved", execution.getId(), notSaved);
			}
		}
	}

	/**
	 * The worker stops (Ctrl-C): no new partition is claimed, and those in hand stop at their next
	 * chunk, to be handed back.
	 */
	void stop() {
		this.stopping = true;
		this.running.values().forEach(StepExecution::setTerminateOnly);
	}

	int running() {
		return this.running.size();
	}

}
