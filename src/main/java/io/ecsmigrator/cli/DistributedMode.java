package io.ecsmigrator.cli;

import java.nio.file.Path;
import java.util.List;

import io.ecsmigrator.distributed.DistributedProperties;

/**
 * What {@code import --workers} (the manager) and {@code worker} check before the context starts,
 * and the settings they give it. Both refuse, with exit 2, what cannot work: the embedded ledger,
 * which one process opens at a time, and the in-process sandbox, which the other processes cannot
 * reach.
 */
final class DistributedMode {

	/**
	 * The manager's connections: it still runs submit and track, whose senders each hold one for
	 * their short transactions. With three workers at the default concurrency, 40 + 3 x 12 = 76
	 * stay under PostgreSQL's default 100 connections (97 for non-superusers).
	 */
	static final int MANAGER_POOL = 40;

	/**
	 * A worker's connections for {@code concurrency} partitions at once: each partition holds one for
	 * its chunk and takes a second to audit its calls; the heartbeat and the listener need a few more.
	 */
	static int workerPool(int concurrency) {
		return 2 * concurrency + 4;
	}

	private DistributedMode() {
	}

	/** Why this command cannot run distributed, or {@code null}. */
	static String refusal(MigratorCommand command, String what, Path sandboxScenario) {
		if (sandboxScenario != null) {
			return what + " cannot run with --sandbox: the sandbox lives in this process, where no worker can "
					+ "reach it; run the 'sandbox' command on its own and point --migrator.ecs.endpoint, "
					+ "--migrator.oss.endpoint, --migrator.ram.endpoint and --migrator.quotas.endpoint at it";
		}
		if (command.h2Ledger()) {
			return what + " needs the PostgreSQL ledger that the manager and its workers share, and this one is "
					+ "H2, which one process opens at a time: set --spring.datasource.url=jdbc:postgresql://HOST:5432/DB "
					+ "(with --spring.datasource.username and --spring.datasource.password, or SPRING_DATASOURCE_URL "
					+ "and the like); 'docker compose up -d' starts a PostgreSQL and a RabbitMQ";
		}
		return null;
	}

	/** The role, and a pool sized for a process among several on one PostgreSQL; unless set. */
	static void configure(MigratorCommand command, String role, int pool) {
		// simple confirms: the manager waits for the broker to have each request before it counts as sent
		command.addSpringDefaults(List.of("--" + DistributedProperties.ROLE + "=" + role,
				"--spring.datasource.hikari.maximum-pool-size=" + pool, "--spring.rabbitmq.publisher-confirm-type=simple"));
	}

}
