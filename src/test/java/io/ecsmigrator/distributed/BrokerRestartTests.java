package io.ecsmigrator.distributed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.sandbox.CallHold;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.support.MigratorProcess;
import io.ecsmigrator.support.MigratorProcess.Ledger;
import io.ecsmigrator.support.TestBroker;
import io.ecsmigrator.support.TestBroker.PrivateNode;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker itself restarted during a wave: a RabbitMQ node of this test's own (the machine's is
 * shared, and a restart of it would disturb every other test), which the manager and two workers
 * use, stopped and started again on the same port and data while the workers hold partitions and
 * the others wait in the queue.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BrokerRestartTests {

	/** Kept after a failure: each process's output and log (migrator.log in its data folder). */
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path dir;

	private PrivateNode broker;

	private Wave wave;

	@BeforeEach
	void services() throws Exception {
		TestDatabases.assumePostgres();
		this.broker = TestBroker.privateNode();
		Ledger ledger = new Ledger(TestDatabases.newPostgresSchema(), TestDatabases.postgresUser());
		this.wave = new Wave(this.dir, ledger, TestBroker.newQueue(),
				"--spring.rabbitmq.port=" + this.broker.port());
	}

	@AfterEach
	void stop() throws Exception {
		if (this.wave != null) {
			this.wave.killAll();
		}
		if (this.broker != null) {
			this.broker.close();
		}
	}

	/**
	 * The node stopped and started again while two workers hold partitions (stopped at their first
	 * ECS call) and the other partitions' requests wait in the queue. The queue and its requests
	 * are on disk, so they are there again after the restart, and nobody sends them again (a lost
	 * request would be sent again only after {@code republish-after}, 5 minutes, beyond this test's
	 * time); the requests the workers had in hand are delivered again and found held. Manager and
	 * workers reconnect, and the wave finishes: every image imported once, no partition run twice at
	 * once.
	 */
	@Test
	void aBrokerRestartedMidPreflightLosesNoRequestAndRunsNoPartitionTwice() throws Exception {
		long started = System.nanoTime();
		Path inventory = this.wave.inventory();
		try (SandboxServer sandbox = SandboxServer.start(Wave.scenario(50), 0)) {
			CallHold regions = sandbox.hold("DescribeRegions", 0);
			MigratorProcess manager = this.wave.manager(sandbox, inventory);
			List<Wave.Worker> workers = this.wave.twoWorkersAtWork(manager, sandbox, regions, "one", "two");
			long running = this.wave.leases("RUNNING");
			long queued = this.wave.leases("QUEUED");
			assertThat(queued).as("requests waiting in the queue at the restart").isPositive();
			assertThat(this.broker.messages(this.wave.queue())).as("requests in the queue before the restart")
				.isEqualTo(running + queued);
			long lastBefore = this.wave.ledger().single("SELECT MAX(step_execution_id) FROM partition_lease");
			String sentBefore = sentAt(lastBefore);

			this.broker.restart();
			// the workers' consumers are all at work (held), so nobody takes a request meanwhile
			assertThat(this.broker.messages(this.wave.queue())).as("requests in the queue after the restart")
				.isEqualTo(running + queued);
			regions.release();

			int exit = manager.exitCode(Duration.ofMinutes(3));
			assertThat(exit).as(manager.output()).isZero();
			assertThat(sentAt(lastBefore)).as("no request sent again").isEqualTo(sentBefore);
			String logs = Files.readString(this.dir.resolve("one/migrator.log"))
					+ Files.readString(this.dir.resolve("two/migrator.log"));
			assertThat(logs).as("a request delivered again while its partition was held").contains("nothing to run");
			for (Wave.Worker worker : workers) {
				assertThat(this.wave.partitionsRunBy(worker.id())).as("partitions of %s", worker.id()).isPositive();
			}
			this.wave.assertNoPartitionRanTwiceAtOnce();
			this.wave.assertEveryImageImportedOnce(sandbox);
		}
		System.out.printf("BrokerRestartTests: the wave with a broker restart took %d s%n",
				Duration.ofNanos(System.nanoTime() - started).toSeconds());
	}

	/**
	 * When each first partition's request up to {@code lastId} was confirmed, in order: a request sent
	 * again changes it. The partitions of later steps (submit's and track's regions, queued after
	 * preflight) are not among them.
	 */
	private String sentAt(long lastId) throws Exception {
		return this.wave.ledger()
			.text("SELECT string_agg(step_execution_id || '@' || sent_at, ',' ORDER BY step_execution_id) "
					+ "FROM partition_lease WHERE takeover_of IS NULL AND step_execution_id <= " + lastId);
	}

}
