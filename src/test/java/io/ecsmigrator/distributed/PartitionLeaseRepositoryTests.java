package io.ecsmigrator.distributed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.ecsmigrator.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leases on a real PostgreSQL, with the database's clock: two workers racing for one partition,
 * a lease that runs out, a worker renewing a lease it has lost, and the heartbeat that stops what
 * was lost.
 */
class PartitionLeaseRepositoryTests {

	private static JdbcTemplate jdbc;

	private static PartitionLeaseRepository leases;

	private static WorkerRegistry workers;

	private static long nextId = 1000;

	@BeforeAll
	static void ledger() {
		TestDatabases.assumePostgres();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabases.newPostgresSchema(),
				TestDatabases.postgresUser(), "");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		jdbc = new JdbcTemplate(dataSource);
		leases = new PartitionLeaseRepository(jdbc);
		workers = new WorkerRegistry(jdbc);
	}

	private static synchronized long queued(long jobExecutionId) {
		long id = nextId++;
		leases.queue(id, jobExecutionId, 7, "preflightPartition:partition" + id, null);
		return id;
	}

	@Test
	void twoWorkersRacingForOnePartitionOneGetsIt() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 20; round++) {
				long id = queued(1);
				CyclicBarrier start = new CyclicBarrier(2);
				List<Future<Optional<?>>> claims = new ArrayList<>();
				for (String worker : List.of("w-a", "w-b")) {
					Callable<Optional<?>> claim = () -> {
						start.await();
						return leases.claim(id, worker, Duration.ofSeconds(30));
					};
					claims.add(pool.submit(claim));
				}
				int won = 0;
				for (Future<Optional<?>> claim : claims) {
					won += claim.get().isPresent() ? 1 : 0;
				}
				assertThat(won).as("claims won in round %d", round).isEqualTo(1);
				assertThat(leases.claim(id, "w-c", Duration.ofSeconds(30))).as("a late claim").isEmpty();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aLeaseNotRenewedExpiresAndItsWorkerCanNeitherRenewNorEndIt() throws Exception {
		long id = queued(2);
		long renewed = queued(2);
		assertThat(leases.claim(id, "w-late", Duration.ofMillis(300))).isPresent();
		assertThat(leases.claim(renewed, "w-alive", Duration.ofSeconds(30))).isPresent();
		Thread.sleep(500);
		assertThat(leases.renew(List.of(renewed), "w-alive", Duration.ofSeconds(30))).containsExactly(renewed);
		List<PartitionLeaseRepository.Lost> lost = leases.expire(List.of(id, renewed));
		assertThat(lost).singleElement().satisfies(l -> {
			assertThat(l.stepExecutionId()).isEqualTo(id);
			assertThat(l.workerId()).isEqualTo("w-late");
		});
		assertThat(leases.expire(List.of(id, renewed))).as("expired once").isEmpty();
		assertThat(leases.renew(List.of(id), "w-late", Duration.ofSeconds(30))).as("renewed after loss").isEmpty();
		assertThat(leases.end(id, "w-late", PartitionLeaseRepository.DONE)).isFalse();
		assertThat(leases.states(List.of(id, renewed))).containsEntry(id, PartitionLeaseRepository.LOST)
			.containsEntry(renewed, PartitionLeaseRepository.RUNNING);
		assertThat(leases.end(renewed, "w-alive", PartitionLeaseRepository.DONE)).isTrue();
	}

	@Test
	void anotherWorkerCannotRenewOrEndALease() {
		long id = queued(3);
		assertThat(leases.claim(id, "w-owner", Duration.ofSeconds(30))).isPresent();
		assertThat(leases.renew(List.of(id), "w-other", Duration.ofSeconds(30))).isEmpty();
		assertThat(leases.end(id, "w-other", PartitionLeaseRepository.DONE)).isFalse();
		assertThat(leases.live(7)).isPositive();
	}

	@Test
	void theHeartbeatStopsAPartitionItLostAndKeepsTheOthers() throws Exception {
		WorkerIdentity worker = WorkerIdentity.ofThisProcess();
		workers.register(worker, "test", 2);
		DistributedProperties properties = new DistributedProperties("worker", "q", Duration.ofSeconds(30),
				Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(5), 5,
				Duration.ofSeconds(5), new DistributedProperties.Worker(2), "");
		long lostId = queued(4);
		long keptId = queued(4);
		StepExecution lost = MetaDataInstanceFactory.createStepExecution("lost", lostId);
		StepExecution kept = MetaDataInstanceFactory.createStepExecution("kept", keptId);
		assertThat(leases.claim(lostId, worker.id(), Duration.ofMillis(200))).isPresent();
		assertThat(leases.claim(keptId, worker.id(), properties.lease())).isPresent();
		WorkerHeartbeat heartbeat = new WorkerHeartbeat(leases, workers, worker.id(), properties);
		heartbeat.hold(kept);
		heartbeat.hold(lost);
		// the worker stalls past the short lease of one partition (as a long GC pause would), and
		// the manager expires it
		Thread.sleep(400);
		assertThat(leases.expire(List.of(lostId, keptId))).extracting(PartitionLeaseRepository.Lost::stepExecutionId)
			.containsExactly(lostId);
		heartbeat.beat();
		assertThat(lost.isTerminateOnly()).as("the lost partition is stopped").isTrue();
		assertThat(kept.isTerminateOnly()).as("the renewed one goes on").isFalse();
		assertThat(workers.seenWithin(60)).filteredOn(seen -> seen.workerId().equals(worker.id()))
			.singleElement()
			.satisfies(seen -> assertThat(seen.partitions()).isEqualTo(1));
		assertThat(leases.renew(Set.of(keptId), worker.id(), properties.lease())).containsExactly(keptId);
	}

}
