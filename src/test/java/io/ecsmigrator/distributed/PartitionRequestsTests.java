package io.ecsmigrator.distributed;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.batch.integration.partition.StepExecutionRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What a worker reads of a message: a partition request and its headers, and nothing else. */
class PartitionRequestsTests {

	@Test
	void aRequestIsReadWithItsLedgerVersionAndJobExecution() {
		MessageProperties properties = new MessageProperties();
		properties.setHeader(PartitionRequests.LEDGER, "ledger-1");
		properties.setHeader(PartitionRequests.VERSION, "1.2.3");
		properties.setHeader(PartitionRequests.JOB_EXECUTION, 42L);
		Message message = PartitionRequests.converter()
			.toMessage(new StepExecutionRequest("preflightPartition", 7L), properties);
		PartitionRequests.Received received = PartitionRequests.Received.of(message);
		assertThat(received.request().getStepName()).isEqualTo("preflightPartition");
		assertThat(received.request().getStepExecutionId()).isEqualTo(7L);
		assertThat(received.ledgerId()).isEqualTo("ledger-1");
		assertThat(received.version()).isEqualTo("1.2.3");
		assertThat(received.jobExecutionId()).isEqualTo(42L);
	}

	/** Java deserialization of any other class is how gadget chains run code: it is never done. */
	@Test
	void anyOtherSerializedObjectIsNotDeserialized() {
		Message foreign = new SimpleMessageConverter().toMessage(URI.create("http://example.invalid/"),
				new MessageProperties());
		assertThatExceptionOfType(MessageConversionException.class)
			.isThrownBy(() -> PartitionRequests.Received.of(foreign))
			.withStackTraceContaining("java.net.URI");
	}

}
