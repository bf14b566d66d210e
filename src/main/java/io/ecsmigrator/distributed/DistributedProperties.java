package io.ecsmigrator.distributed;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The distributed mode's settings ({@code migrator.distributed.*}); the README's "Distributed mode"
 * names and explains them.
 *
 * @param role set by the commands, not by the operator: {@code manager} ({@code import --workers}),
 * {@code worker} ({@code worker}); empty in local mode
 * @param queue the RabbitMQ queue of partition requests; refused requests wait in
 * {@code <queue>.retry} for {@code refuseDelay}
 * @param lease how long a worker holds a partition without renewing it; a worker silent that long
 * has lost it, and the manager gives it to another worker
 * @param heartbeat how often a worker renews its leases (well under the lease: six beats a lease by
 * default, so a GC pause or a slow database does not lose a partition)
 * @param pollInterval how often the manager looks at its partitions and leases
 * @param refuseDelay how long a request a worker refused waits before it is offered again
 * @param republishAfter a request still unclaimed after this long is sent again (a message lost
 * with a broker that lost its disk)
 * @param maxTakeovers how often a partition is taken over before the step fails
 * @param stopTimeout how long a stopping worker waits for its partitions to hand back
 * @param worker the worker's own settings
 * @param buildVersion the migrator version this process says it is (default: the one Maven built);
 * workers run only requests of their own version
 */
@ConfigurationProperties("migrator.distributed")
public record DistributedProperties(@DefaultValue("") String role, @DefaultValue("migrator.partitions") String queue,
		@DefaultValue("30s") Duration lease, @DefaultValue("5s") Duration heartbeat,
		@DefaultValue("2s") Duration pollInterval, @DefaultValue("5s") Duration refuseDelay,
		@DefaultValue("5m") Duration republishAfter, @DefaultValue("5") int maxTakeovers,
		@DefaultValue("60s") Duration stopTimeout, @DefaultValue Worker worker, @DefaultValue("") String buildVersion) {

	public static final String ROLE = "migrator.distributed.role";

	public static final String MANAGER = "manager";

	public static final String WORKER = "worker";

	/** @param concurrency partitions a worker runs at once */
	public record Worker(@DefaultValue("4") int concurrency) {
	}

	public String retryQueue() {
		return this.queue + ".retry";
	}

}
