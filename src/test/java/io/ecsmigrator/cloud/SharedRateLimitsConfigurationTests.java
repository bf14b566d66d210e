package io.ecsmigrator.cloud;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which limits the cloud clients share: none in local mode (no {@code migrator.distributed.role});
 * Bucket4j's on PostgreSQL in distributed mode unless turned off; never on the embedded H2 ledger.
 * Nothing here opens a connection: the limits touch the database only at a call.
 */
class SharedRateLimitsConfigurationTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(SharedRateLimitsConfiguration.class)
		.withBean(DataSource.class, SimpleDriverDataSource::new);

	@Test
	void localModeSharesNothing() {
		this.context.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test")
			.run(context -> assertThat(context).doesNotHaveBean(SharedRateLimits.class));
	}

	@Test
	void aManagerOrAWorkerOnPostgresqlSharesThroughBucket4j() {
		for (String role : new String[] { "manager", "worker" }) {
			this.context
				.withPropertyValues("migrator.distributed.role=" + role,
						"spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test")
				.run(context -> assertThat(context).getBean(SharedRateLimits.class)
					.isInstanceOf(Bucket4jRateLimits.class));
		}
	}

	@Test
	void sharingCanBeTurnedOff() {
		this.context
			.withPropertyValues("migrator.distributed.role=worker", "migrator.distributed.shared-rates=false",
					"spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test")
			.run(context -> assertThat(context).getBean(SharedRateLimits.class).isSameAs(SharedRateLimits.NONE));
	}

	@Test
	void neverOnTheEmbeddedLedger() {
		this.context
			.withPropertyValues("migrator.distributed.role=manager",
					"spring.datasource.url=jdbc:h2:file:./migrator-data/ledger;MODE=PostgreSQL")
			.run(context -> assertThat(context).getBean(SharedRateLimits.class).isSameAs(SharedRateLimits.NONE));
	}

}
