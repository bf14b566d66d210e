package io.ecsmigrator.distributed;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ecsmigrator.job.PartitionEngine;
import io.ecsmigrator.job.Progress;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.ledger.LedgerIdentity;
import org.flywaydb.core.api.MigrationInfo;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The distributed mode's beans, only for its two roles ({@code migrator.distributed.role}, set by
 * {@code import --workers} and {@code worker}): without them nothing here exists, and no
 * connection to RabbitMQ is ever opened.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${migrator.distributed.role:}' == 'manager' or '${migrator.distributed.role:}' == 'worker'")
public class DistributedConfiguration {

	/**
	 * The queue of partition requests and its retry queue, declared alike by every process (a
	 * declaration with other arguments would fail): durable, so that requests survive a broker
	 * restart. A request a worker refuses is dead-lettered to the retry queue, and comes back to the
	 * main queue after {@code refuse-delay} (the TTL dead-letter pattern).
	 */
	@Bean
	Declarables partitionQueues(DistributedProperties properties) {
		return new Declarables(
				QueueBuilder.durable(properties.queue())
					.deadLetterExchange("")
					.deadLetterRoutingKey(properties.retryQueue())
					.build(),
				QueueBuilder.durable(properties.retryQueue())
					.ttl((int) properties.refuseDelay().toMillis())
					.deadLetterExchange("")
					.deadLetterRoutingKey(properties.queue())
					.build());
	}

	/** The version requests carry and workers compare: {@code migrator.distributed.build-version}, or Maven's. */
	@Bean
	MigratorVersion migratorVersion(DistributedProperties properties, ObjectProvider<BuildProperties> build) {
		if (!properties.buildVersion().isBlank()) {
			return new MigratorVersion(properties.buildVersion());
		}
		BuildProperties built = build.getIfAvailable();
		return new MigratorVersion((built != null && built.getVersion() != null) ? built.getVersion() : "unknown");
	}

	/** The version of the migrator a process runs. */
	public record MigratorVersion(String value) {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = DistributedProperties.ROLE, havingValue = DistributedProperties.MANAGER)
	static class Manager {

		@Bean
		PartitionRequests partitionRequests(RabbitTemplate rabbit, DistributedProperties properties,
				LedgerIdentity ledger, MigratorVersion version) {
			return new PartitionRequests(rabbit, properties.queue(), ledger, version.value());
		}

		@Bean
		PartitionEngine remotePartitionEngine(JobRepository jobRepository, PartitionLeaseRepository leases,
				PartitionRequests requests, DistributedProperties properties, RunStopper stopper, Progress progress) {
			return new RemotePartitionEngine(
					new ManagerServices(jobRepository, leases, requests, properties, stopper, progress));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = DistributedProperties.ROLE, havingValue = DistributedProperties.WORKER)
	static class Worker {

		@Bean
		WorkerIdentity workerIdentity() {
			return WorkerIdentity.ofThisProcess();
		}

		@Bean
		WorkerHeartbeat workerHeartbeat(PartitionLeaseRepository leases, WorkerRegistry registry,
				WorkerIdentity worker, DistributedProperties properties) {
			return new WorkerHeartbeat(leases, registry, worker.id(), properties);
		}

		@Bean
		PartitionWorker partitionWorker(WorkerIdentity worker, LedgerIdentity ledger, MigratorVersion version,
				JobRepository jobRepository, PartitionLeaseRepository leases, WorkerHeartbeat heartbeat,
				DistributedProperties properties, ListableBeanFactory beans) {
			Map<String, Step> steps = new ConcurrentHashMap<>();
			return new PartitionWorker(worker.id(), ledger.id(), version.value(), jobRepository, leases, heartbeat,
					properties, name -> {
						if (steps.isEmpty()) {
							beans.getBeansOfType(Step.class).values().forEach(step -> steps.put(step.getName(), step));
						}
						return steps.get(name);
					});
		}

		/**
		 * One unacknowledged request per consumer, as many consumers as partitions at once; a
		 * request is acknowledged by {@link PartitionWorker} once its partition is done.
		 */
		@Bean
		SimpleMessageListenerContainer partitionRequestContainer(ConnectionFactory connectionFactory,
				PartitionWorker worker, DistributedProperties properties) {
			SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
			container.setQueueNames(properties.queue());
			container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
			container.setPrefetchCount(1);
			container.setConcurrentConsumers(properties.worker().concurrency());
			container.setMessageListener(worker);
			container.setShutdownTimeout(properties.stopTimeout().toMillis());
			return container;
		}

		/** Registered before the first request, said stopped after the last; and its heartbeat. */
		@Bean
		WorkerLifecycle workerLifecycle(WorkerRegistry registry, WorkerIdentity worker, WorkerHeartbeat heartbeat,
				MigratorVersion version, DistributedProperties properties) {
			return new WorkerLifecycle(registry, worker, heartbeat, version.value(),
					properties.worker().concurrency());
		}

		/** Ctrl-C: the context closes; before its consumers stop, the partitions in hand are asked to stop. */
		@Bean
		ApplicationListener<ContextClosedEvent> workerStop(PartitionWorker worker) {
			return event -> worker.stop();
		}

		/**
		 * Workers never change the ledger's schema: an upgrade is the work of an {@code import} of
		 * the new version, run knowingly, not of any worker that starts against the shared ledger.
		 */
		@Bean
		FlywayMigrationStrategy validateOnly() {
			return flyway -> {
				MigrationInfo[] pending = flyway.info().pending();
				if (pending.length > 0) {
					MigrationInfo current = flyway.info().current();
					throw new LedgerSchemaException(
							"the ledger is at schema version %s and this worker's migrator needs version %s: workers "
								.formatted((current != null) ? current.getVersion() : "none",
										pending[pending.length - 1].getVersion())
									+ "never upgrade the ledger they share; run a worker of the manager's version "
									+ "(an 'import' of this version upgrades the ledger)");
				}
				flyway.validate();
			};
		}

	}

}
