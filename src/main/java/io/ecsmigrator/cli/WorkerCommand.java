package io.ecsmigrator.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.ecsmigrator.cloud.Causes;
import io.ecsmigrator.distributed.DistributedProperties;
import io.ecsmigrator.distributed.LedgerSchemaException;
import io.ecsmigrator.distributed.WorkerIdentity;
import io.ecsmigrator.ledger.LedgerIdentity;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "worker", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = { "Runs partitions of the waves that 'import --workers' manages, until Ctrl-C.",
				"It takes partition requests from RabbitMQ (spring.rabbitmq.*) and runs them against the PostgreSQL "
						+ "ledger the manager uses (spring.datasource.*), with the cloud credentials of 'import'. "
						+ "Ctrl-C hands the partitions in hand back at their next chunk." })
class WorkerCommand implements Callable<Integer> {

	static final int MAX_CONCURRENCY = 64;

	@ParentCommand
	private MigratorCommand parent;

	@Option(names = "--concurrency", defaultValue = "4", paramLabel = "N",
			description = "Partitions run at once, 1 to " + MAX_CONCURRENCY + " (default: ${DEFAULT-VALUE}).")
	private int concurrency;

	@Override
	public Integer call() throws Exception {
		if (this.concurrency < 1 || this.concurrency > MAX_CONCURRENCY) {
			this.parent.err().printf("error: --concurrency %d: give 1 to %d partitions at once%n", this.concurrency,
					MAX_CONCURRENCY);
			return ExitCodes.USAGE;
		}
		String refusal = DistributedMode.refusal(this.parent, "worker", null);
		if (refusal != null) {
			this.parent.err().println("error: " + refusal);
			return ExitCodes.USAGE;
		}
		DistributedMode.configure(this.parent, DistributedProperties.WORKER, DistributedMode.workerPool(this.concurrency));
		this.parent.addSpringDefaults(List.of("--migrator.distributed.worker.concurrency=" + this.concurrency));
		ConfigurableApplicationContext context;
		try {
			context = this.parent.context();
		}
		catch (RuntimeException ex) {
			LedgerSchemaException schema = Causes.find(ex, LedgerSchemaException.class);
			if (schema == null) {
				throw ex;
			}
			this.parent.err().println("error: " + schema.getMessage());
			return ExitCodes.USAGE;
		}
		CountDownLatch closed = new CountDownLatch(1);
		context.addApplicationListener(new ApplicationListener<ApplicationEvent>() {

			@Override
			public void onApplicationEvent(ApplicationEvent event) {
				if (event instanceof ContextClosedEvent) {
					closed.countDown();
				}
			}

		});
		DistributedProperties properties = context.getBean(DistributedProperties.class);
		this.parent.out().printf("Worker %s ready: ledger %s, queue %s, %d partition(s) at once. Stop with Ctrl-C.%n",
				context.getBean(WorkerIdentity.class).id(), context.getBean(LedgerIdentity.class).id(),
				properties.queue(), properties.worker().concurrency());
		this.parent.out().flush();
		// the JVM's shutdown hook (Ctrl-C, SIGTERM) closes the context: the partitions in hand are
		// handed back, and the worker says it stopped
		closed.await();
		this.parent.out().println("Worker stopping: the partitions in hand end at their next chunk and go back to "
				+ "the manager for another worker.");
		this.parent.out().flush();
		return ExitCodes.OK;
	}

}
