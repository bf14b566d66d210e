package io.ecsmigrator.ledger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.ecsmigrator.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger's id is written once: processes racing for it all read the same, and it lasts. */
class LedgerIdentityTests {

	@Test
	void processesRacingToCreateTheIdAllGetTheSameOne() throws Exception {
		TestDatabases.assumePostgres();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabases.newPostgresSchema(),
				TestDatabases.postgresUser(), "");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			CyclicBarrier start = new CyclicBarrier(4);
			List<Future<String>> ids = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				ids.add(pool.submit(() -> {
					start.await();
					return new LedgerIdentity(jdbc, Clock.systemUTC()).id();
				}));
			}
			String first = ids.get(0).get();
			for (Future<String> id : ids) {
				assertThat(id.get()).isEqualTo(first);
			}
			assertThat(new LedgerIdentity(jdbc, Clock.systemUTC()).id()).as("read again later").isEqualTo(first);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_identity", Integer.class)).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
