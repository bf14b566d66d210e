package io.ecsmigrator.track;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import com.aliyuncs.ecs.model.v20140526.ImportImageResponse;
import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.ErrorClass;
import io.ecsmigrator.images.PlanTag;
import io.ecsmigrator.job.RunParameters;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.sandbox.CallHold;
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
import org.springframework.batch.core.job.Job;
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
import org.springframework.test.annotation.DirtiesContext;
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
				"migrator.retry.base=10ms", "migrator.retry.max=50ms", "spring.datasource.hikari.maximum-pool-size=1",
				"spring.datasource.hikari.connection-timeout=1000" })
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

	@Autowired
	RunStopper stopper;

	/** This context's, not the class's first: a test that stops the run gets the context closed after it. */
	@Autowired
	Job importJob;

	@BeforeEach
	void job() {
		this.steps.setJob(this.importJob);
	}

	/** A run in the ledger with one import of the sandbox, {@code SUBMITTED}. */
	private TestLedger submitted(String name) throws Exception {
		TestLedger ledger = TestLedger.of(this.images, TestLedger.nextRunId(this.jobRepository));
		ImportImageResponse imported = importInTheCloud(name);
		ledger.image(2, REGION, name, "disks-hz", "web.qcow2", ImageStatus.SUBMITTED,
				ImageChange.imported(imported.getImageId(), imported.getTaskId(), imported.getRequestId(), 1));
		return ledger;
	}

	private String status(TestLedger ledger) {
		return this.jdbc.queryForObject("SELECT status FROM image WHERE run_id = ?", String.class, ledger.runId());
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
		TestLedger ledger = submitted("waited-for");
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
		assertThat(status(ledger)).isEqualTo("AVAILABLE");
		assertThat(execution.getStepExecutions().iterator().next().getWriteCount()).isEqualTo(1);
	}

	@Test
	void withoutWaitItLooksOnceAndRecordsWhatEnded() throws Exception {
		TestLedger ledger = submitted("not-waited-for");
		long started = System.nanoTime();
		JobExecution execution = this.steps.startStep(TrackStepConfiguration.STEP, waiting(false),
				new ExecutionContext());
		assertThat(execution.getJobInstance().getInstanceId()).isEqualTo(ledger.runId());
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("one look, no wait")
			.isLessThan(Duration.ofSeconds(4));
		assertThat(status(ledger)).as("still importing").isEqualTo("SUBMITTED");
	}

	/**
	 * A look whose DescribeImages is answered 503 through all its retries is no news of its batch,
	 * not the step's failure: the import stays SUBMITTED, and a later look records its end.
	 */
	@Test
	void aLookOutOfRetriesIsNoNewsAndALaterLookRecordsTheEnd() throws Exception {
		TestLedger ledger = submitted("burst-through");
		int attempts = this.clients.retrier().maxAttempts();
		CLOUD.sandbox().failNext("DescribeImages", attempts, 503, "ServiceUnavailable",
				"The request has failed due to a temporary failure of the server.");
		JobExecution execution = this.steps.startStep(TrackStepConfiguration.STEP, waiting(true),
				new ExecutionContext());
		assertThat(CLOUD.sandbox().counters().faults()).as("the first look ran out of retries")
			.containsEntry("DescribeImages ServiceUnavailable", (long) attempts);
		assertThat(execution.getStatus()).as("%s", execution.getAllFailureExceptions()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(status(ledger)).isEqualTo("AVAILABLE");
	}

	/** An account error answered to a look still stops the step: every look would fail alike. */
	@Test
	void anAccountErrorToALookFailsTheStep() throws Exception {
		TestLedger ledger = submitted("refused-look");
		CLOUD.sandbox().failNext("DescribeImages", 1, 403, "Forbidden.RAM",
				"User not authorized to operate on the specified resource, or this API doesn't support RAM.");
		JobExecution execution = this.steps.startStep(TrackStepConfiguration.STEP, waiting(true),
				new ExecutionContext());
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getAllFailureExceptions()).singleElement()
			.isInstanceOfSatisfying(CloudCallException.class,
					failure -> assertThat(failure.failure().errorClass()).isEqualTo(ErrorClass.ACCOUNT));
		assertThat(status(ledger)).isEqualTo("SUBMITTED");
	}

	/**
	 * Ctrl-C while a look's DescribeImages is out, whose answer then never comes: the retry it would
	 * take is not sent, and the step ends STOPPED (restartable), not FAILED, with the import still
	 * SUBMITTED for the next launch.
	 */
	@Test
	@DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD) // the stopper stays stopped
	void aStopDuringALookEndsTheStepStopped() throws Exception {
		TestLedger ledger = submitted("stopped-look");
		long looksBefore = CLOUD.sandbox().counters().calls("DescribeImages");
		CallHold hold = CLOUD.sandbox().hold("DescribeImages", 0);
		CompletableFuture<JobExecution> track = new CompletableFuture<>();
		Thread stepThread = new Thread(() -> {
			try {
				track.complete(this.steps.startStep(TrackStepConfiguration.STEP, waiting(true), new ExecutionContext()));
			}
			catch (Throwable ex) {
				track.completeExceptionally(ex);
			}
		});
		stepThread.start();
		while (hold.held() == 0) {
			Thread.sleep(20);
		}
		this.stopper.request();
		hold.drop();
		JobExecution execution = track.get(60, TimeUnit.SECONDS);
		assertThat(execution.getStatus()).as("%s", execution.getAllFailureExceptions()).isEqualTo(BatchStatus.STOPPED);
		assertThat(status(ledger)).isEqualTo("SUBMITTED");
		assertThat(CLOUD.sandbox().counters().calls("DescribeImages") - looksBefore).as("no retry after the stop")
			.isEqualTo(1);
	}

}
