package io.ecsmigrator.distributed;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker that cannot reach the ledger fences itself: once no renewal has succeeded for
 * {@code lease - 2 x heartbeat}, it stops its partitions before the manager can give them away.
 */
class WorkerHeartbeatTests {

	@Test
	void aWorkerCutOffFromTheLedgerStopsItsPartitionsBeforeItsLeasesRunOut() throws Exception {
		// nothing listens on port 1: every heartbeat fails to reach the ledger
		JdbcTemplate unreachable = new JdbcTemplate(
				new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", "none", ""));
		DistributedProperties properties = new DistributedProperties("worker", "q", Duration.ofSeconds(3),
				Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(5), 5,
				Duration.ofSeconds(5), new DistributedProperties.Worker(1), "");
		WorkerHeartbeat heartbeat = new WorkerHeartbeat(new PartitionLeaseRepository(unreachable),
				new WorkerRegistry(unreachable), "w-cut-off", properties);
		StepExecution partition = MetaDataInstanceFactory.createStepExecution("preflightPartition", 17L);
		heartbeat.hold(partition);

		heartbeat.beat();
		assertThat(partition.isTerminateOnly()).as("one failed beat, within lease - 2 x heartbeat").isFalse();
		// past lease - 2 x heartbeat (2 s) since the last renewal (the heartbeat's creation)
		Thread.sleep(2_200);
		heartbeat.beat();
		assertThat(partition.isTerminateOnly()).as("fenced").isTrue();
	}

}
