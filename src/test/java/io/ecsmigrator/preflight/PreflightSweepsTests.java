package io.ecsmigrator.preflight;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.job.RunOptions;
import io.ecsmigrator.job.RunOutcome;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.SandboxJob;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Preflight's sweeps in a launch of the import job, against a cloud that answers every call 5xx so
 * that every image is left unchecked: the operator's stop during the pause before a sweep (an hour
 * here) ends preflight at once, {@code STOPPED}, with the images {@code PLANNED} for the next launch.
 * The pause is known from its log line, which the sweeps write just before it (read from the
 * logger, not the console: a JVM's logging is set up by its first context, whatever later ones say).
 * Submit runs beside preflight; with nothing verified it sends nothing and stops with it.
 */
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=1h", "migrator.retry.max-attempts=2", "migrator.retry.base=1ms",
				"migrator.retry.max=1ms", "migrator.preflight.sweep-pause=1h" })
@DirtiesContext // the stopper stays stopped
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a pause that ignores the stop fails the test here
class PreflightSweepsTests {

	private static final int IMAGES = 3;

	@RegisterExtension
	static final SandboxJob CLOUD = SandboxJob.start(Scenarios.scenario()
		.region("cn-hangzhou")
		.bucket("disks-hz", "cn-hangzhou")
		.object("web.qcow2", DiskKind.QCOW2, 40)
		.errorRate(1.0)
		.seed(7)
		.build());

	@DynamicPropertySource
	static void cloud(DynamicPropertyRegistry registry) {
		CLOUD.register(registry);
	}

	@Autowired
	RunStopper stopper;

	@Autowired
	ImageRepository images;

	@Autowired
	JdbcTemplate jdbc;

	@TempDir
	Path dir;

	@Test
	void aStopDuringThePauseBeforeASweepEndsPreflightAtOnce() throws Exception {
		ListAppender<ILoggingEvent> sweepLog = new ListAppender<>();
		sweepLog.start();
		Logger sweeps = (Logger) LoggerFactory.getLogger(PreflightSweeps.class);
		sweeps.addAppender(sweepLog);
		try {
			stopDuringThePause(sweepLog);
		}
		finally {
			sweeps.detachAppender(sweepLog);
		}
	}

	private void stopDuringThePause(ListAppender<ILoggingEvent> sweepLog) throws Exception {
		Path inventory = TestInventories.copiesOfOneDisk(this.dir.resolve("down.csv"), "web", IMAGES, "cn-hangzhou",
				"disks-hz", "web.qcow2");
		CompletableFuture<RunOutcome> launch = new CompletableFuture<>();
		Thread launching = new Thread(() -> {
			try {
				launch.complete(CLOUD.launch(inventory, new RunOptions(false, false, 2)));
			}
			catch (Throwable ex) {
				launch.completeExceptionally(ex);
			}
		});
		launching.start();
		while (!logged(sweepLog, "preflight sweep 1 of 3: " + IMAGES + " image(s) left unchecked")) {
			assertThat(launch).as("the launch reaches the first sweep's pause").isNotDone();
			Thread.sleep(50);
		}
		this.stopper.request();
		RunOutcome outcome = launch.get(60, TimeUnit.SECONDS);
		assertThat(outcome.status()).as("%s", outcome.failures()).isEqualTo(BatchStatus.STOPPED);
		assertThat(this.images.countByStatus(outcome.runId())).as("left for the next launch")
			.containsOnly(Map.entry(ImageStatus.PLANNED, (long) IMAGES));
		assertThat(this.jdbc.queryForList("SELECT s.step_name || ' ' || s.status FROM batch_step_execution s "
				+ "JOIN batch_job_execution j ON j.job_execution_id = s.job_execution_id "
				+ "WHERE j.job_instance_id = ? AND s.step_name IN ('preflight', 'submit')", String.class,
				outcome.runId()))
			.as("preflight stopped, and submit beside it")
			.containsExactlyInAnyOrder("preflight STOPPED", "submit STOPPED");
		assertThat(CLOUD.sandbox().counters().createdImages()).as("nothing was sent").isEmpty();
		assertThat(logged(sweepLog, "preflight sweep 2 of 3")).as("no sweep after the stop").isFalse();
	}

	private static boolean logged(ListAppender<ILoggingEvent> log, String text) {
		synchronized (log) { // AppenderBase appends under the appender's lock
			return log.list.stream().anyMatch(event -> event.getFormattedMessage().contains(text));
		}
	}

}
