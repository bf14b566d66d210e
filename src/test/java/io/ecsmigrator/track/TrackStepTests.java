package io.ecsmigrator.track;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import com.aliyuncs.ecs.model.v20140526.ImportImageResponse;
import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.images.PlanTag;
import io.ecsmigrator.job.RunParameters;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.SandboxJob;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestDatabases;
import io.ecsmigrator.support.TestLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
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
 * The track step alone, launched by Spring Batch's test support on a prepared ledger, with a pool
 * of one connection: a {@code --wait} that sleeps between looks must leave the connection to
 * others, and a look must need no second one.
 */
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=1h", "migrator.track.poll-interval=1500ms",
				"spring.datasource.hikari.maximum-pool-size=1", "spring.datasource.hikari.connection-timeout=1000" })
@SpringBatchTest
@Timeout(120)
class TrackStepTests {

	private static final String REGION = "cn-hangzhou";

	@RegisterExtension
	static final SandboxJob CLOUD = SandboxJob.start(Scenarios.scenario()
		.region(REGION)
		.bucket("disks-hz", REGION)
		.object("web.qcow2", DiskKind.QCOW2, 40)
		.importSeconds(4)
		.seed(5)
		.build());

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		// Flyway migrates on a connection of its own: the pool of one is the migrator's
		String url = TestDatabases.h2MemoryUrl();
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> "sa");
		registry.add("spring.flyway.url", () -> url);
		registry.add("spring.flyway.user", () -> "sa");
		SandboxCloud.register(registry, CLOUD.sandbox());
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

	@BeforeEach
	void job() {
		this.steps.setJob(CLOUD.importJob());
	}

	private ImportImageResponse importInTheCloud(String name) throws Exception {
		ImportImageRequest request = this.clients.ecs(new ImportImageRequest(), REGION);
		request.setImageName(name);
		ImportImageRequest.DiskDeviceMapping disk = new ImportImageRequest.DiskDeviceMapping();
		disk.setOSSBucket("disks-hz");
		disk.setOSSObject("web.qcow2");
		request.setDiskDeviceMappings(List.of(disk));
		ImportImageRequest.Tag tag = new ImportImageRequest.Tag();
		tag.setKey(PlanTag.KEY);
		tag.setValue("wave.csv");
		request.setTags(List.of(tag));
		return this.clients.acs().getAcsResponse(request);
	}

	private static JobParameters waiting(boolean wait) {
		return new JobParametersBuilder().addString(RunParameters.WAIT, Boolean.toString(wait), false)
			.addLong("test.launch", System.nanoTime())
			.toJobParameters();
	}

	@Test
	void whileWaitSleepsBetweenLooksTheOnlyConnectionIsFreeForOthers() throws Exception {
		TestLedger ledger = TestLedger.of(this.images, TestLedger.nextRunId(this.jobRepository));
		ImportImageResponse imported = importInTheCloud("waited-for");
		ledger.image(2, REGION, "waited-for", "disks-hz", "web.qcow2", ImageStatus.SUBMITTED,
				ImageChange.imported(imported.getImageId(), imported.getTaskId(), imported.getRequestId(), 1));
		List<Long> waits = new ArrayList<>();
		List<Throwable> failures = new ArrayList<>();
		Thread other = new Thread(() -> {
			try {
				for (int i = 0; i < 8; i++) {
					Thread.sleep(400);
					long started = System.nanoTime();
					this.jdbc.queryForObject("SELECT COUNT(*) FROM image", Long.class);
					waits.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
				}
			}
			catch (Throwable ex) {
				failures.add(ex);
			}
		});
		other.start();
		JobExecution execution = this.steps.startStep(TrackStepConfiguration.STEP, waiting(true),
				new ExecutionContext());
		other.join();
		assertThat(failures).as("queries from another thread while the step waits").isEmpty();
		assertThat(waits).hasSize(8);
		assertThat(execution.getJobInstance().getInstanceId()).as("the prepared run").isEqualTo(ledger.runId());
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jdbc.queryForObject("SELECT status FROM image WHERE run_id = ?", String.class,
				ledger.runId())).isEqualTo("AVAILABLE");
		assertThat(execution.getStepExecutions().iterator().next().getWriteCount()).isEqualTo(1);
	}

	@Test
	void withoutWaitItLooksOnceAndRecordsWhatEnded() throws Exception {
		TestLedger ledger = TestLedger.of(this.images, TestLedger.nextRunId(this.jobRepository));
		ImportImageResponse imported = importInTheCloud("not-waited-for");
		ledger.image(2, REGION, "not-waited-for", "disks-hz", "web.qcow2", ImageStatus.SUBMITTED,
				ImageChange.imported(imported.getImageId(), imported.getTaskId(), imported.getRequestId(), 1));
		long started = System.nanoTime();
		JobExecution execution = this.steps.startStep(TrackStepConfiguration.STEP, waiting(false),
				new ExecutionContext());
		assertThat(execution.getJobInstance().getInstanceId()).isEqualTo(ledger.runId());
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("one look, no wait")
			.isLessThan(Duration.ofSeconds(4));
		assertThat(this.jdbc.queryForObject("SELECT status FROM image WHERE run_id = ?", String.class,
				ledger.runId())).as("still importing").isEqualTo("SUBMITTED");
	}

}
