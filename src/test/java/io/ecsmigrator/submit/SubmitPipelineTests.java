package io.ecsmigrator.submit;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.job.RunParameters;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.sandbox.CallHold;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.Await;
import io.ecsmigrator.support.CloudImports;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestDatabases;
import io.ecsmigrator.support.TestLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The submit step is a pipeline, not chunks: one image's unanswered call holds up no other image,
 * neither its call nor the recording of its outcome. A chunk would commit none of its outcomes, and
 * send nothing of the next chunk, until its slowest call answered.
 */
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=1h", "migrator.retry.base=1ms", "migrator.retry.max=20ms",
				"migrator.submit.threads=4", "migrator.submit.quota-look-every=5" })
@SpringBatchTest
@Timeout(120)
class SubmitPipelineTests {

	private static final String HZ = "cn-hangzhou";

	private static final int SENT = 12;

	static final SandboxServer SANDBOX = SandboxCloud.start(Scenarios.scenario()
		.region(HZ)
		.bucket("disks-hz", HZ)
		.object("web.qcow2", DiskKind.QCOW2, 40)
		.importSeconds(600)
		.seed(4)
		.build());

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry);
		SandboxCloud.register(registry, SANDBOX);
	}

	@BeforeAll
	static void credentials() {
		SandboxCloud.useCredentials("testAK", "testSecret");
	}

	@AfterAll
	static void noCredentials() {
		SandboxCloud.clearCredentials();
		SANDBOX.close();
	}

	@Autowired
	JobOperatorTestUtils steps;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	@Qualifier("importJob")
	Job importJob;

	@Autowired
	ImageRepository images;

	@Autowired
	CloudClients clients;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void anUnansweredCallHoldsUpNoOtherImage() throws Exception {
		this.steps.setJob(this.importJob);
		TestLedger ledger = TestLedger.of(this.images, TestLedger.nextRunId(this.jobRepository));
		// the first image read: an intent whose call was carried out; adopting it asks DescribeTasks, held
		CloudImports.importImage(this.clients, HZ, "crashed", "disks-hz", "web.qcow2", "wave.csv");
		ledger.image(2, HZ, "crashed", "disks-hz", "web.qcow2", ImageStatus.SUBMITTING);
		for (int i = 0; i < SENT; i++) {
			ledger.image(3 + i, HZ, "vm-" + i, "disks-hz", "web.qcow2", ImageStatus.VERIFIED);
		}
		CallHold hold = SANDBOX.hold("DescribeTasks", 0);
		long importsBefore = SANDBOX.counters().calls("ImportImage");

		CompletableFuture<BatchStatus> step = CompletableFuture.supplyAsync(() -> {
			try {
				return this.steps.startStep(SubmitStepConfiguration.STEP,
						new JobParametersBuilder().addString(RunParameters.INVENTORY, "/waves/wave.csv")
							.addLong("test.launch", System.nanoTime())
							.toJobParameters(),
						new ExecutionContext())
					.getStatus();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		try {
			assertThat(Await.until(() -> outcomes(ledger.runId()).getOrDefault("SUBMITTED", 0L) == SENT,
					Duration.ofSeconds(60)))
				.as("every other image sent and its outcome committed: %s", outcomes(ledger.runId()))
				.isTrue();
			assertThat(hold.held()).as("the first image's answer is still pending").isEqualTo(1);
			assertThat(outcomes(ledger.runId())).containsEntry("SUBMITTING", 1L);
			assertThat(SANDBOX.counters().calls("ImportImage") - importsBefore).isEqualTo(SENT);
		}
		finally {
			hold.release();
		}
		assertThat(step.get(60, TimeUnit.SECONDS)).isEqualTo(BatchStatus.COMPLETED);
		assertThat(outcomes(ledger.runId())).containsExactly(Map.entry("SUBMITTED", SENT + 1L));
	}

	private Map<String, Long> outcomes(long runId) {
		Map<String, Long> outcomes = new TreeMap<>();
		this.jdbc.query("SELECT status, COUNT(*) FROM image WHERE run_id = ? GROUP BY status",
				rs -> {
					outcomes.put(rs.getString(1), rs.getLong(2));
				}, runId);
		return outcomes;
	}

}
