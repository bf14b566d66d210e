package io.ecsmigrator.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.images.PlanTag;
import io.ecsmigrator.inventory.InventoryFile;
import io.ecsmigrator.inventory.InventoryFileInspector;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.preflight.PreflightStepConfiguration;
import io.ecsmigrator.report.ReportWriter;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole import job through the official SDKs against the sandbox, on a real ledger; the
 * subclasses choose the database. Every test names its images with a prefix of its own, since the
 * sandbox (like ECS) keeps image names unique per region.
 */
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=1h", "migrator.track.poll-interval=100ms",
				"migrator.submit.wait-poll-interval=100ms", "migrator.retry.base=1ms", "migrator.retry.max=20ms" })
@Timeout(value = 10, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
abstract class ImportJobTests {

	static final SandboxServer SANDBOX = startSandbox();

	@TempDir
	Path dir;

	@Autowired
	RunLauncher launcher;

	@Autowired
	@Qualifier("importJob")
	Job importJob;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ImageRepository images;

	@Autowired
	CloudClients clients;

	@Autowired
	ReportWriter reports;

	private static SandboxServer startSandbox() {
		Scenario scenario = Scenarios.scenario().region("cn-hangzhou").imageQuota(10_000).snapshotQuota(100_000)
			.existingImages(1).region("cn-shanghai").region("cn-wulanchabu").importNotSupported()
			.bucket("disks-hz", "cn-hangzhou").object("web.qcow2", DiskKind.QCOW2, 40)
			.object("sys.raw", DiskKind.RAW_MBR, 60).object("d1.raw", DiskKind.RAW_GPT, 500)
			.object("d2.vhd", DiskKind.VHD_DYNAMIC, 200).object("vm.vmdk", DiskKind.VMDK, 40)
			.object("big.qcow2", DiskKind.QCOW2, 80).bucket("disks-sh", "cn-shanghai")
			.object("sh.qcow2", DiskKind.QCOW2, 40).bucket("disks-wlcb", "cn-wulanchabu")
			.object("w.qcow2", DiskKind.QCOW2, 40).importSeconds(1).seed(7L).build();
		return SandboxCloud.start(scenario);
	}

	@DynamicPropertySource
	static void cloud(DynamicPropertyRegistry registry) {
		SandboxCloud.register(registry, SANDBOX);
	}

	@BeforeAll
	static void credentials() {
		SandboxCloud.useCredentials("testAK", "testSecret");
	}

	@AfterAll
	static void noCredentials() {
		SandboxCloud.clearCredentials();
	}

	/** A prefix for this test's image names: its database and its method. */
	private String prefix(TestInfo test) {
		String db = getClass().getSimpleName().startsWith("Postgres") ? "pg" : "h2";
		return db + "-" + test.getTestMethod().orElseThrow().getName().replaceAll("[^A-Za-z]", "").substring(0, 12);
	}

	private InventoryFile inventory(String name, String content) throws Exception {
		Path file = this.dir.resolve(name);
		Files.writeString(file, content);
		return new InventoryFileInspector().inspect(file);
	}

	private Map<String, String> outcomes(long runId) {
		Map<String, String> outcomes = new TreeMap<>();
		this.jdbc.query("SELECT image_name, status, error_code FROM image WHERE run_id = ?", rs -> {
			outcomes.put(rs.getString("image_name"),
					rs.getString("status") + ((rs.getString("error_code") != null) ? " " + rs.getString("error_code") : ""));
		}, runId);
		return outcomes;
	}

	private static final String HEADER = "image_name,region,disk_index,oss_bucket,oss_object,format,disk_size_gib\n";

	@Test
	void aMixedInventoryEndsWithTheRightStatusAndCodeForEveryImage(TestInfo test) throws Exception {
		String p = prefix(test);
		InventoryFile file = inventory("mixed.csv", HEADER + String.join("\n",
				p + "-web,cn-hangzhou,1,disks-hz,web.qcow2,qcow2,40",
				p + "-db,cn-hangzhou,1,disks-hz,sys.raw,RAW,60",
				p + "-db,cn-hangzhou,2,disks-hz,d1.raw,RAW,500",
				p + "-db,cn-hangzhou,3,disks-hz,d2.vhd,VHD,200",
				p + "-gone,cn-hangzhou,1,disks-hz,missing.qcow2,qcow2,40",
				p + "-far,cn-hangzhou,1,disks-sh,sh.qcow2,qcow2,40",
				p + "-vmdk,cn-hangzhou,1,disks-hz,vm.vmdk,,40",
				p + "-small,cn-hangzhou,1,disks-hz,big.qcow2,qcow2,40",
				"existing-image-1,cn-hangzhou,1,disks-hz,web.qcow2,qcow2,40",
				p + "-nowhere,cn-nowhere,1,disks-hz,web.qcow2,qcow2,40",
				p + "-wlcb1,cn-wulanchabu,1,disks-wlcb,w.qcow2,qcow2,40",
				p + "-wlcb2,cn-wulanchabu,1,disks-wlcb,w.qcow2,qcow2,40",
				p + "-sh,cn-shanghai,1,disks-sh,sh.qcow2,,",
				p + "-bad name!,cn-hangzhou,1,disks-hz,web.qcow2,qcow2,40") + "\n");

		RunOutcome outcome = this.launcher.launch(this.importJob, file, new RunOptions(false, true, 4));

		assertThat(outcome.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(outcomes(outcome.runId())).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
				Map.entry(p + "-web", "AVAILABLE"), Map.entry(p + "-db", "AVAILABLE"), Map.entry(p + "-sh", "AVAILABLE"),
				Map.entry(p + "-gone", "VERIFY_FAILED InvalidOSSObject.NotFound"),
				Map.entry(p + "-far", "VERIFY_FAILED InvalidOSSBucket.NotFound"),
				Map.entry(p + "-vmdk", "VERIFY_FAILED InvalidFormat.Malformed"),
				Map.entry(p + "-small", "VERIFY_FAILED InvalidImageSize"),
				Map.entry("existing-image-1", "VERIFY_FAILED InvalidImageName.Duplicated"),
				Map.entry(p + "-nowhere", "VERIFY_FAILED RegionId.NotFound"),
				Map.entry(p + "-wlcb1", "SUBMIT_FAILED InvalidRegion.NotSupport"),
				Map.entry(p + "-wlcb2", "SUBMIT_FAILED InvalidRegion.NotSupport"),
				Map.entry(p + "-bad name!", "INVALID InvalidImageName.Malformed")));
		assertThat(SANDBOX.counters().importCalls("cn-wulanchabu", p + "-wlcb1")).isLessThanOrEqualTo(1);
		assertThat(SANDBOX.counters().importCalls("cn-wulanchabu", p + "-wlcb2")).isLessThanOrEqualTo(1);
		assertThat(SANDBOX.counters().importCalls("cn-hangzhou", p + "-db")).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT detected_format || ' ' || virtual_size_bytes FROM disk d JOIN image i "
				+ "ON i.run_id = d.run_id AND i.first_line = d.image_line WHERE i.run_id = ? AND i.image_name = ? "
				+ "AND d.disk_index = 3", String.class, outcome.runId(), p + "-db"))
			.as("what preflight read of the disk").isEqualTo("VHD " + (200L << 30));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM cloud_call WHERE run_id = ? AND action = 'ImportImage'",
				Long.class, outcome.runId())).as("every call audited")
			.isEqualTo(SANDBOX.counters().importCalls("cn-hangzhou", p + "-web")
					+ SANDBOX.counters().importCalls("cn-hangzhou", p + "-db")
					+ SANDBOX.counters().importCalls("cn-shanghai", p + "-sh")
					+ SANDBOX.counters().importCalls("cn-wulanchabu", p + "-wlcb1")
					+ SANDBOX.counters().importCalls("cn-wulanchabu", p + "-wlcb2"));
		assertThat(this.jdbc.queryForList("SELECT to_status FROM image_transition t JOIN image i ON i.run_id = t.run_id "
				+ "AND i.first_line = t.first_line WHERE i.run_id = ? AND i.image_name = ? ORDER BY t.id", String.class,
				outcome.runId(), p + "-web"))
			.containsExactly("VERIFIED", "SUBMITTING", "SUBMITTED", "AVAILABLE");
		Path report = this.dir.resolve("report.csv");
		assertThat(this.reports.write(outcome.runId(), report)).isEqualTo(12);
		assertThat(Files.readString(report)).contains("InvalidRegion.NotSupport", "this region cannot import images");
	}

	@Test
	void aDryRunStopsAfterPreflightAndTheSameCommandThenImports(TestInfo test) throws Exception {
		String p = prefix(test);
		InventoryFile file = inventory("dry.csv", HEADER + p + "-a,cn-hangzhou,1,disks-hz,web.qcow2,qcow2,40\n"
				+ p + "-b,cn-shanghai,1,disks-sh,sh.qcow2,qcow2,40\n");

		RunOutcome dry = this.launcher.launch(this.importJob, file, new RunOptions(true, false, 2));
		assertThat(dry.status()).isEqualTo(BatchStatus.STOPPED);
		assertThat(outcomes(dry.runId())).containsOnly(Map.entry(p + "-a", "VERIFIED"), Map.entry(p + "-b", "VERIFIED"));
		assertThat(SANDBOX.counters().importCalls("cn-hangzhou", p + "-a")).as("a dry run imports nothing").isZero();

		assertThat(PreflightStepConfiguration.partitions(this.images.firstLineRange(dry.runId()), 4))
			.as("a restarted preflight cuts the same ranges, though no image is PLANNED any more")
			.isEqualTo(PreflightStepConfiguration.partitions(new int[] { 2, 3 }, 4));

		RunOutcome submitted = this.launcher.launch(this.importJob, file, new RunOptions(false, false, 2));
		assertThat(submitted.runId()).isEqualTo(dry.runId());
		assertThat(submitted.status()).as("imports still running: the run is not over").isEqualTo(BatchStatus.STOPPED);
		assertThat(outcomes(dry.runId())).containsOnly(Map.entry(p + "-a", "SUBMITTED"), Map.entry(p + "-b", "SUBMITTED"));

		RunOutcome waited = this.launcher.launch(this.importJob, file, new RunOptions(false, true, 2));
		assertThat(waited.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(outcomes(dry.runId())).containsOnly(Map.entry(p + "-a", "AVAILABLE"), Map.entry(p + "-b", "AVAILABLE"));
		assertThat(SANDBOX.counters().importCalls("cn-hangzhou", p + "-a")).isEqualTo(1);
		assertThat(this.launcher.launch(this.importJob, file, new RunOptions(false, true, 2)).alreadyComplete()).isTrue();
	}

	@Test
	void intentsLeftByACrashAreReconciledBeforeAnythingIsSentAgain(TestInfo test) throws Exception {
		String p = prefix(test);
		InventoryFile file = inventory("crash.csv", HEADER + p + "-sent,cn-hangzhou,1,disks-hz,web.qcow2,qcow2,40\n"
				+ p + "-unsent,cn-hangzhou,1,disks-hz,web.qcow2,qcow2,40\n");
		RunOutcome dry = this.launcher.launch(this.importJob, file, new RunOptions(true, false, 2));
		// a process that committed both intents, sent one import and died before recording its answer
		assertThat(this.images.transition(dry.runId(), 2, ImageStatus.VERIFIED, ImageStatus.SUBMITTING, ImageChange.ok()))
			.isTrue();
		assertThat(this.images.transition(dry.runId(), 3, ImageStatus.VERIFIED, ImageStatus.SUBMITTING, ImageChange.ok()))
			.isTrue();
		ImportImageRequest sent = this.clients.ecs(new ImportImageRequest(), "cn-hangzhou");
		sent.setImageName(p + "-sent");
		ImportImageRequest.DiskDeviceMapping disk = new ImportImageRequest.DiskDeviceMapping();
		disk.setOSSBucket("disks-hz");
		disk.setOSSObject("web.qcow2");
		sent.setDiskDeviceMappings(List.of(disk));
		ImportImageRequest.Tag tag = new ImportImageRequest.Tag();
		tag.setKey(PlanTag.KEY);
		tag.setValue("crash.csv");
		sent.setTags(List.of(tag));
		String imageId = this.clients.acs().getAcsResponse(sent).getImageId();

		RunOutcome resumed = this.launcher.launch(this.importJob, file, new RunOptions(false, true, 2));

		assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(outcomes(resumed.runId())).containsOnly(Map.entry(p + "-sent", "AVAILABLE"),
				Map.entry(p + "-unsent", "AVAILABLE"));
		assertThat(SANDBOX.counters().importCalls("cn-hangzhou", p + "-sent")).as("adopted, not sent again").isEqualTo(1);
		assertThat(SANDBOX.counters().importCalls("cn-hangzhou", p + "-unsent")).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT image_id FROM image WHERE run_id = ? AND first_line = 2", String.class,
				resumed.runId())).isEqualTo(imageId);
	}

}
