package io.ecsmigrator.job;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.inventory.InventoryFile;
import io.ecsmigrator.inventory.InventoryFileInspector;
import io.ecsmigrator.inventory.StagedLine;
import io.ecsmigrator.inventory.batch.LoadStepConfiguration;
import io.ecsmigrator.inventory.batch.PlanStepConfiguration;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.ledger.StagingRepository;
import io.ecsmigrator.support.TestInventories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load and plan steps run as a job on a real ledger database; subclasses choose the database.
 */
@SpringBootTest(classes = { MigratorApplication.class, InventoryJobTests.FlakyStaging.class },
		properties = { "migrator.progress-interval=1h" })
@Timeout(value = 10, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
abstract class InventoryJobTests {

	@TempDir
	Path dir;

	@Autowired
	RunLauncher launcher;

	@Autowired
	@Qualifier("validateJob")
	Job validateJob;

	@Autowired
	@Qualifier("importJob")
	Job importJob;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ImageRepository images;

	@Autowired
	FlakyStagingRepository flakyStaging;

	@BeforeEach
	void noInjectedFailure() {
		this.flakyStaging.failOnCall(-1);
		this.flakyStaging.failOnGroupRead(-1);
	}

	private InventoryFile inventory(Path file) {
		return new InventoryFileInspector().inspect(file);
	}

	private Map<String, String> statusByName(long runId) {
		Map<String, String> statuses = new java.util.TreeMap<>();
		this.jdbc.query("SELECT image_name, status, error_code FROM image WHERE run_id = ?",
				rs -> {
					statuses.put(String.valueOf(rs.getString("image_name")),
							rs.getString("status") + (rs.getString("error_code") != null ? " " + rs.getString("error_code") : ""));
				}, runId);
		return statuses;
	}

	@Test
	void validatesTheSampleWithMistakes() throws Exception {
		RunOutcome outcome = this.launcher.launch(this.validateJob,
				inventory(Path.of("jobs/sample/inventory-with-mistakes.csv")));
		assertThat(outcome.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(statusByName(outcome.runId())).containsExactlyInAnyOrderEntriesOf(Map.of(
				"web-01", "INVALID InvalidImageName.Duplicated",
				"1-legacy", "INVALID InvalidImageName.Malformed",
				"app-01", "INVALID RegionId.NotFound",
				"db-02", "INVALID Inventory.MissingSystemDisk",
				"arm-01", "INVALID Inventory.Arm64RequiresUefi",
				"null", "INVALID MissingParameter"));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM line_error WHERE run_id = ? AND line_no = 3",
				Integer.class, outcome.runId())).as("every error of line 3").isEqualTo(4);
	}

	@Test
	void plansTheSampleAndKeepsEveryDisk() throws Exception {
		RunOutcome outcome = this.launcher.launch(this.validateJob, inventory(Path.of("jobs/sample/inventory.csv")));
		assertThat(outcome.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.images.countByStatus(outcome.runId())).containsExactly(Map.entry(ImageStatus.PLANNED, 6L));
		assertThat(this.jdbc.queryForList("SELECT disk_index FROM disk d JOIN image i ON i.run_id = d.run_id AND "
				+ "i.first_line = d.image_line WHERE i.run_id = ? AND i.image_name = 'db-01' ORDER BY disk_index",
				Integer.class, outcome.runId())).containsExactly(1, 2, 3);
		assertThat(this.jdbc.queryForObject("SELECT lines FROM image WHERE run_id = ? AND image_name = ?", String.class,
				outcome.runId(), "财务-应用")).isEqualTo("9");
	}

	@Test
	void bomCrlfQuotedNewlinesAndChineseNamesGoThroughTheWholeJob() throws Exception {
		Path file = this.dir.resolve("bom.csv");
		Files.writeString(file, "\uFEFFImage_Name,Region,OSS_Bucket,OSS_Object,Description\r\n"
				+ "财务系统,cn-hangzhou,dc1-disks,a.qcow2,\"first line\r\nsecond, line\"\r\n"
				+ "web-01,cn-hangzhou,dc1-disks,b.qcow2,plain\r\n", StandardCharsets.UTF_8);
		RunOutcome outcome = this.launcher.launch(this.validateJob, inventory(file));
		assertThat(outcome.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jdbc.queryForList("SELECT line_no FROM inventory_line WHERE run_id = ? ORDER BY line_no",
				Integer.class, outcome.runId())).containsExactly(2, 4);
		assertThat(this.jdbc.queryForObject("SELECT description FROM image WHERE run_id = ? AND image_name = ?",
				String.class, outcome.runId(), "财务系统")).isEqualTo("first line\nsecond, line");
		assertThat(statusByName(outcome.runId())).containsOnlyKeys("财务系统", "web-01").containsValue("PLANNED");
	}

	@Test
	void restartAfterAFailedChunkLoadsEveryLineExactlyOnce() throws Exception {
		InventoryFile file = inventory(TestInventories.write(this.dir.resolve("big.csv"), 4_500, 1, 100));
		this.flakyStaging.failOnCall(3); // the third chunk fails after writing its rows
		RunOutcome failed = this.launcher.launch(this.validateJob, file);
		assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
		assertThat(count("inventory_line", failed.runId())).as("two chunks committed, the third rolled back")
			.isEqualTo(2 * LoadStepConfiguration.CHUNK_SIZE);

		this.flakyStaging.failOnCall(-1);
		RunOutcome resumed = this.launcher.launch(this.validateJob, file);
		assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(resumed.restarted()).isTrue();
		assertThat(resumed.runId()).isEqualTo(failed.runId());
		assertThat(count("inventory_line", resumed.runId())).isEqualTo(4_500);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(DISTINCT line_no) FROM inventory_line WHERE run_id = ?",
				Long.class, resumed.runId())).isEqualTo(4_500);
		assertThat(this.jdbc.queryForList("SELECT s.read_count FROM batch_step_execution s JOIN batch_job_execution e "
				+ "ON e.job_execution_id = s.job_execution_id WHERE e.job_instance_id = ? AND s.step_name = 'load' "
				+ "ORDER BY s.step_execution_id", Long.class, resumed.runId()))
			.as("the restart read only what was not committed").containsExactly(3_000L, 2_500L);
		assertThat(this.images.countByStatus(resumed.runId())).containsEntry(ImageStatus.PLANNED, 4_455L)
			.containsEntry(ImageStatus.INVALID, 45L);
	}

	@Test
	void restartAfterAFailedPlanChunkPlansEveryImageExactlyOnce() throws Exception {
		InventoryFile file = inventory(TestInventories.write(this.dir.resolve("plan.csv"), 3_000, 2, 0));
		// two-disk images, 2,000 lines a page: 999 whole images a page (the cut one waits for the
		// next page), so the fourth page is needed, and fails, while filling the third chunk
		this.flakyStaging.failOnGroupRead(3);
		RunOutcome failed = this.launcher.launch(this.validateJob, file);
		assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
		assertThat(count("image", failed.runId())).isEqualTo(2 * PlanStepConfiguration.CHUNK_SIZE);
		this.flakyStaging.failOnGroupRead(-1);
		RunOutcome resumed = this.launcher.launch(this.validateJob, file);
		assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(count("image", resumed.runId())).isEqualTo(3_000);
		assertThat(count("disk", resumed.runId())).isEqualTo(6_000);
	}

	@Test
	void aCompletedRunIsNotRedone() throws Exception {
		InventoryFile file = inventory(Path.of("jobs/sample/inventory.csv"));
		RunOutcome first = this.launcher.launch(this.validateJob, file);
		RunOutcome again = this.launcher.launch(this.validateJob, file);
		assertThat(again.alreadyComplete()).isTrue();
		assertThat(again.runId()).isEqualTo(first.runId());
		assertThat(count("inventory_line", first.runId())).isEqualTo(8);
	}

	@Test
	void aRunLeftRunningByADeadProcessIsRecoveredAndRestarted() throws Exception {
		InventoryFile file = inventory(TestInventories.write(this.dir.resolve("dead.csv"), 2_500, 1, 0));
		this.flakyStaging.failOnCall(2);
		RunOutcome failed = this.launcher.launch(this.validateJob, file);
		// what a SIGKILL leaves behind: the execution and its step still marked as running
		this.jdbc.update("UPDATE batch_job_execution SET status = 'STARTED', end_time = NULL WHERE job_instance_id = ?",
				failed.runId());
		this.jdbc.update("UPDATE batch_step_execution SET status = 'STARTED', end_time = NULL WHERE job_execution_id IN "
				+ "(SELECT job_execution_id FROM batch_job_execution WHERE job_instance_id = ?)", failed.runId());
		this.flakyStaging.failOnCall(-1);
		RunOutcome resumed = this.launcher.launch(this.validateJob, file);
		assertThat(resumed.recovered()).isTrue();
		assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(count("inventory_line", resumed.runId())).isEqualTo(2_500);
	}

	@Test
	void validateAndImportOfOneInventoryAreSeparateRunsAndAnEditIsANewRun() throws Exception {
		Path path = this.dir.resolve("inv.csv");
		Files.copy(Path.of("jobs/sample/inventory.csv"), path);
		RunOutcome validate = this.launcher.launch(this.validateJob, inventory(path));
		RunOutcome imported = this.launcher.launch(this.importJob, inventory(path));
		assertThat(imported.runId()).isNotEqualTo(validate.runId());
		Files.writeString(path, Files.readString(path).replace("web-02", "web-03"));
		RunOutcome edited = this.launcher.launch(this.validateJob, inventory(path));
		assertThat(edited.alreadyComplete()).isFalse();
		assertThat(edited.runId()).isNotIn(validate.runId(), imported.runId());
	}

	@Test
	void imagesMoveOnlyAsTheStatusMachineAllowsAndKeepTheirHistory() throws Exception {
		Path copy = this.dir.resolve("moves.csv"); // a run of its own: other tests use the sample's
		Files.copy(Path.of("jobs/sample/inventory.csv"), copy);
		RunOutcome run = this.launcher.launch(this.validateJob, inventory(copy));
		int web01 = 2;
		assertThat(this.images.transition(run.runId(), web01, ImageStatus.PLANNED, ImageStatus.VERIFIED,
				io.ecsmigrator.ledger.ImageChange.ok())).isTrue();
		assertThat(this.images.transition(run.runId(), web01, ImageStatus.PLANNED, ImageStatus.VERIFY_FAILED,
				io.ecsmigrator.ledger.ImageChange.ok())).as("no longer PLANNED: a second mover loses").isFalse();
		org.assertj.core.api.Assertions.assertThatIllegalStateException()
			.isThrownBy(() -> this.images.transition(run.runId(), web01, ImageStatus.VERIFIED, ImageStatus.AVAILABLE,
					io.ecsmigrator.ledger.ImageChange.ok()));
		assertThat(this.images.transition(run.runId(), web01, ImageStatus.VERIFIED, ImageStatus.SUBMITTING,
				io.ecsmigrator.ledger.ImageChange.ok())).isTrue();
		assertThat(this.images.transition(run.runId(), web01, ImageStatus.SUBMITTING, ImageStatus.SUBMITTED,
				io.ecsmigrator.ledger.ImageChange.imported("m-1", "t-1", "R-9", 2))).isTrue();
		assertThat(this.jdbc.queryForMap("SELECT status, image_id, import_task_id, request_id, attempts FROM image "
				+ "WHERE run_id = ? AND first_line = ?", run.runId(), web01))
			.containsEntry("status", "SUBMITTED").containsEntry("image_id", "m-1").containsEntry("import_task_id", "t-1")
			.containsEntry("request_id", "R-9").containsEntry("attempts", 2);
		assertThat(this.jdbc.queryForList("SELECT to_status FROM image_transition WHERE run_id = ? AND first_line = ? "
				+ "ORDER BY id", String.class, run.runId(), web01)).containsExactly("VERIFIED", "SUBMITTING", "SUBMITTED");
	}

	private long count(String table, long runId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE run_id = ?", Long.class, runId);
	}

	/** Staging that fails on demand, after doing its work, so the transaction must undo it. */
	static class FlakyStagingRepository extends StagingRepository {

		private final AtomicInteger failOnCall = new AtomicInteger(-1);

		private final AtomicInteger failOnGroupRead = new AtomicInteger(-1);

		private final AtomicInteger calls = new AtomicInteger();

		private final AtomicInteger groupReads = new AtomicInteger();

		FlakyStagingRepository(JdbcTemplate jdbc) {
			super(jdbc);
		}

		/** The n-th insert from now fails after writing its rows; -1: none. */
		public void failOnCall(int n) {
			this.calls.set(0);
			this.failOnCall.set(n);
		}

		/** The (n+1)-th page of groups from now fails to be read; -1: none. */
		public void failOnGroupRead(int n) {
			this.groupReads.set(0);
			this.failOnGroupRead.set(n);
		}

		@Override
		public void insert(long runId, List<? extends StagedLine> lines) {
			super.insert(runId, lines);
			if (this.calls.incrementAndGet() == this.failOnCall.get()) {
				throw new IllegalStateException("injected failure after writing a chunk");
			}
		}

		@Override
		public List<StagedLine> linesAfterGroup(long runId, String afterKey, int limit) {
			if (this.groupReads.incrementAndGet() == this.failOnGroupRead.get() + 1) {
				throw new IllegalStateException("injected failure reading groups");
			}
			return super.linesAfterGroup(runId, afterKey, limit);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FlakyStaging {

		@Bean
		@Primary
		FlakyStagingRepository flakyStagingRepository(JdbcTemplate jdbc) {
			return new FlakyStagingRepository(jdbc);
		}

	}

}
