package io.ecsmigrator.submit;

import java.util.Map;
import java.util.TreeMap;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.job.RunParameters;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.CloudImports;
import io.ecsmigrator.support.SandboxJob;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The submit step alone, launched by Spring Batch's test support on a prepared ledger: images left
 * {@code SUBMITTING} by a crash are reconciled, {@code VERIFIED} ones are sent, a region that
 * cannot import fails its images, and nothing is sent twice.
 */
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=1h", "migrator.retry.base=1ms", "migrator.retry.max=20ms" })
@SpringBatchTest
@Timeout(120)
class SubmitStepTests {

	private static final String HZ = "cn-hangzhou";

	private static final String WLCB = "cn-wulanchabu";

	@RegisterExtension
	static final SandboxJob CLOUD = SandboxJob.start(Scenarios.scenario()
		.region(HZ)
		.region(WLCB)
		.importNotSupported()
		.bucket("disks-hz", HZ)
		.object("web.qcow2", DiskKind.QCOW2, 40)
		.bucket("disks-wlcb", WLCB)
		.object("w.qcow2", DiskKind.QCOW2, 40)
		.importSeconds(600)
		.seed(4)
		.build());

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		CLOUD.register(registry);
	}

	@Autowired
	JobOperatorTestUtils steps;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	ImageRepository images;

	@Autowired
	CloudClients clients;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void reconcilesThenSendsAndSortsFailuresByRegion() throws Exception {
		this.steps.setJob(CLOUD.importJob());
		TestLedger ledger = TestLedger.of(this.images, TestLedger.nextRunId(this.jobRepository));
		// the call before a crash had been carried out for this one
		CloudImports.importImage(this.clients, HZ, "crashed", "disks-hz", "web.qcow2", "wave.csv");
		ledger.image(2, HZ, "crashed", "disks-hz", "web.qcow2", ImageStatus.SUBMITTING);
		ledger.image(3, HZ, "never-sent", "disks-hz", "web.qcow2", ImageStatus.SUBMITTING);
		ledger.image(4, HZ, "web", "disks-hz", "web.qcow2", ImageStatus.VERIFIED);
		ledger.image(5, WLCB, "far", "disks-wlcb", "w.qcow2", ImageStatus.VERIFIED);
		ledger.image(6, WLCB, "far-too", "disks-wlcb", "w.qcow2", ImageStatus.VERIFIED);
		long importsBefore = CLOUD.sandbox().counters().calls("ImportImage");

		JobExecution execution = this.steps.startStep(SubmitStepConfiguration.STEP,
				new JobParametersBuilder().addString(RunParameters.INVENTORY, "/waves/wave.csv")
					.addLong("test.launch", System.nanoTime())
					.toJobParameters(),
				new ExecutionContext());

		assertThat(execution.getJobInstance().getInstanceId()).as("the prepared run").isEqualTo(ledger.runId());
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Map<String, String> outcomes = new TreeMap<>();
		this.jdbc.query("SELECT image_name, status, error_code FROM image WHERE run_id = ?",
				rs -> {
					outcomes.put(rs.getString(1), rs.getString(2) + ((rs.getString(3) != null) ? " " + rs.getString(3) : ""));
				}, ledger.runId());
		assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("crashed", "SUBMITTED", "never-sent",
				"SUBMITTED", "web", "SUBMITTED", "far", "SUBMIT_FAILED InvalidRegion.NotSupport", "far-too",
				"SUBMIT_FAILED InvalidRegion.NotSupport"));
		assertThat(CLOUD.sandbox().counters().calls("ImportImage") - importsBefore)
			.as("never-sent and web, and one call in the region that cannot import (it may be two: they run at once)")
			.isBetween(3L, 4L);
	}

}
