package io.ecsmigrator.distributed;

import java.util.List;

import io.ecsmigrator.ledger.LedgerIdentity;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * The partition requests on the wire: Spring Batch's {@link StepExecutionRequest} (a step name and
 * a step execution id, nothing else), Java-serialized, with the ledger's id, the migrator's
 * version, the run and the job execution as headers. Only ids travel, never a credential or a
 * path. A worker deserializes nothing but this one class (Spring AMQP's allow-list). A request is
 * a wake-up, not the truth: the lease and the step execution in the ledger are.
 */
public class PartitionRequests {

	/** Headers without the {@code x-} prefix, which RabbitMQ reserves. */
	static final String LEDGER = "migrator_ledger";

	static final String VERSION = "migrator_version";

	static final String RUN = "migrator_run";

	static final String JOB_EXECUTION = "migrator_job_execution";

	/** How long the manager waits for the broker to confirm a request (on disk, for a durable queue). */
	private static final long CONFIRM_TIMEOUT_MS = 10_000;

	private final SimpleMessageConverter converter = converter();

	private final RabbitTemplate rabbit;

	private final String queue;

	private final LedgerIdentity ledger;

	private final String version;

	PartitionRequests(RabbitTemplate rabbit, String queue, LedgerIdentity ledger, String version) {
		this.rabbit = rabbit;
		this.queue = queue;
		this.ledger = ledger;
		this.version = version;
	}

	/** The converter both sides use: it reads only {@link StepExecutionRequest}. */
	static SimpleMessageConverter converter() {
		SimpleMessageConverter converter = new SimpleMessageConverter();
		converter.setAllowedListPatterns(List.of(StepExecutionRequest.class.getName()));
		return converter;
	}

	/** A request as a worker reads it. */
	record Received(StepExecutionRequest request, String ledgerId, String version, long jobExecutionId) {

		/**
		 * @throws MessageConversionException for a message that is not a partition request
		 */
		static Received of(Message message) {
			Object body;
			try {
				body = converter().fromMessage(message);
			}
			catch (SecurityException ex) {
				// a class off the allow-list: refused before it was instantiated
				throw new MessageConversionException(ex.getMessage(), ex);
			}
			if (!(body instanceof StepExecutionRequest request)) {
				throw new MessageConversionException("not a partition request: " + body.getClass().getName());
			}
			MessageProperties properties = message.getMessageProperties();
			Object jobExecution = properties.getHeader(JOB_EXECUTION);
			return new Received(request, String.valueOf((Object) properties.getHeader(LEDGER)),
					String.valueOf((Object) properties.getHeader(VERSION)),
					(jobExecution instanceof Number n) ? n.longValue() : -1);
		}

	}

	/**
	 * Sends a request, persistent, and waits until the broker has confirmed it.
	 *
	 * @throws AmqpException if the broker is out of reach or did not confirm in time: the lease stays
	 * unsent, and the manager sends it again at its next look
	 */
	void send(String stepName, long stepExecutionId, long runId, long jobExecutionId) {
		MessageProperties properties = new MessageProperties();
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		properties.setHeader(LEDGER, this.ledger.id());
		properties.setHeader(VERSION, this.version);
		properties.setHeader(RUN, runId);
		properties.setHeader(JOB_EXECUTION, jobExecutionId);
		Message message = this.converter.toMessage(new StepExecutionRequest(stepName, stepExecutionId), properties);
		this.rabbit.invoke(operations -> {
			operations.send("", this.queue, message);
			operations.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
			return null;
		});
	}

}
