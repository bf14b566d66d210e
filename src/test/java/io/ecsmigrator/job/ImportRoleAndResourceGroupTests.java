package io.ecsmigrator.job;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.inventory.InventoryFileInspector;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.report.ReportWriter;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * Issue 11, ImportImage's RoleName and ResourceGroupId end to end through the official SDKs. The
 * account has no {@code AliyunECSImageImportDefaultRole}: the run-wide role is a custom one
 * ({@code migrator.import.role-name}), as is the group ({@code migrator.import.resource-group-id}).
 * One image names a role and group of its own, two name a role that does not exist, one a group
 * that does not exist. Each role is asked of RAM once; the images of the missing role fail alone in
 * preflight, the one of the unknown group at ImportImage; every other image is AVAILABLE in its
 * group, and the report shows both. On H2 and PostgreSQL, against one sandbox (names prefixed by
 * database).
 */
@SpringBootTest(classes = MigratorApplication.class,
		properties = { "migrator.progress-interval=1h", "migrator.track.poll-interval=200ms",
				"migrator.retry.base=5ms", "migrator.retry.max=50ms", "migrator.import.role-name=ImageImporter",
				"migrator.import.resource-group-id=rg-wave01" })
abstract class ImportRoleAndResourceGroupTests {

	static final SandboxServer SANDBOX = SandboxCloud.start(Scenarios.scenario()
		.importSeconds(1)
		.noImportRole()
		.customRole("ImageImporter")
		.customRole("FinanceImporter")
		.resourceGroups("rg-wave01", "rg-finance01")
		.region("cn-hangzhou")
		.bucket("disks-hz", "cn-hangzhou")
		.object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
		.object("data.raw", Scenario.DiskKind.RAW_GPT, 100)
		.build());

	@TempDir
	Path dir;

	@Autowired
	RunLauncher launcher;

	@Autowired
	@Qualifier("importJob")
	Job importJob;

	@Autowired
	ImageRepository images;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CloudClients clients;

	@Autowired
	ReportWriter reports;

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

	/** The image names' prefix: the subclasses share the sandbox, whose names are unique per region. */
	private String prefix() {
		return getClass().getSimpleName().startsWith("Postgres") ? "pg" : "h2";
	}

	@Test
	void eachImageImportsWithItsRoleIntoItsGroupAndAMissingRoleFailsOnlyItsImages() throws Exception {
		String p = prefix();
		Path file = Files.writeString(this.dir.resolve("groups.csv"), """
				image_name,region,disk_index,oss_bucket,oss_object,role_name,resource_group_id
				P-web-01,cn-hangzhou,1,disks-hz,web.qcow2,,
				P-web-02,cn-hangzhou,1,disks-hz,web.qcow2,,
				P-fin-01,cn-hangzhou,1,disks-hz,web.qcow2,FinanceImporter,rg-finance01
				P-fin-01,cn-hangzhou,2,disks-hz,data.raw,,
				P-lost-01,cn-hangzhou,1,disks-hz,web.qcow2,RetiredImporter,
				P-lost-02,cn-hangzhou,1,disks-hz,web.qcow2,RetiredImporter,
				P-stray-01,cn-hangzhou,1,disks-hz,web.qcow2,,rg-unknown01
				P-web-03,cn-hangzhou,1,disks-hz,web.qcow2,ImageImporter,
				""".replace("P-", p + "-"), StandardCharsets.UTF_8);
		long getRoleBefore = SANDBOX.counters().calls("GetRole");

		RunOutcome outcome = this.launcher.launch(this.importJob, new InventoryFileInspector().inspect(file),
				new RunOptions(false, true, 2));

		assertThat(outcome.status()).as("%s", outcome.failures()).isEqualTo(BatchStatus.COMPLETED);
		long runId = outcome.runId();
		assertThat(this.images.countByStatus(runId)).containsOnly(Map.entry(ImageStatus.AVAILABLE, 4L),
				Map.entry(ImageStatus.VERIFY_FAILED, 2L), Map.entry(ImageStatus.SUBMIT_FAILED, 1L));
		assertThat(SANDBOX.counters().calls("GetRole") - getRoleBefore).as("each distinct role asked once")
			.isEqualTo(3);

		List<Map<String, Object>> lost = this.jdbc.queryForList("SELECT image_name, error_code, error_message, hint "
				+ "FROM image WHERE run_id = ? AND status = 'VERIFY_FAILED' ORDER BY image_name", runId);
		assertThat(lost).extracting(row -> row.get("image_name")).containsExactly(p + "-lost-01", p + "-lost-02");
		assertThat(lost).allSatisfy(row -> {
			assertThat(row.get("error_code")).isEqualTo("NoSetRoletoECSServiceAccount");
			assertThat((String) row.get("error_message")).contains("RetiredImporter does not exist");
			assertThat((String) row.get("hint")).contains("create the RAM role RetiredImporter", "role_name");
		});
		assertThat(SANDBOX.counters().importCalls("cn-hangzhou", p + "-lost-01")).as("no call for a role known missing")
			.isZero();
		assertThat(this.jdbc.queryForMap("SELECT status, error_code, hint FROM image WHERE run_id = ? "
				+ "AND image_name = ?", runId, p + "-stray-01")).containsEntry("status", "SUBMIT_FAILED")
			.containsEntry("error_code", "InvalidResourceGroup.NotFound")
			.hasEntrySatisfying("hint", hint -> assertThat((String) hint).contains("resource_group_id"));

		assertThat(groupOf(p + "-web-01")).isEqualTo("rg-wave01");
		assertThat(groupOf(p + "-web-03")).isEqualTo("rg-wave01");
		assertThat(groupOf(p + "-fin-01")).isEqualTo("rg-finance01");

		// a sent image's row holds what its call carried; one never sent keeps the inventory's (NULL: the setting)
		assertThat(this.jdbc.queryForMap("SELECT role_name, resource_group_id FROM image WHERE run_id = ? "
				+ "AND image_name = ?", runId, p + "-web-01")).containsEntry("role_name", "ImageImporter")
			.containsEntry("resource_group_id", "rg-wave01");
		assertThat(this.jdbc.queryForMap("SELECT role_name, resource_group_id FROM image WHERE run_id = ? "
				+ "AND image_name = ?", runId, p + "-lost-01")).containsEntry("role_name", "RetiredImporter")
			.containsEntry("resource_group_id", null);

		Path report = this.dir.resolve("report.csv");
		this.reports.write(runId, report);
		List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
		assertThat(lines.get(0)).endsWith(",warnings,role_name,resource_group_id");
		assertThat(lines).anyMatch(l -> l.startsWith(p + "-web-01,") && l.endsWith(",ImageImporter,rg-wave01"))
			.anyMatch(l -> l.startsWith(p + "-fin-01,") && l.endsWith(",FinanceImporter,rg-finance01"))
			// never sent: what the current settings would send
			.anyMatch(l -> l.startsWith(p + "-lost-01,") && l.endsWith(",RetiredImporter,rg-wave01"));
	}

	/** The resource group the cloud filed the image in, as DescribeImages lists it. */
	private String groupOf(String name) throws Exception {
		DescribeImagesRequest request = this.clients.ecs(new DescribeImagesRequest(), "cn-hangzhou");
		request.setImageName(name);
		List<DescribeImagesResponse.Image> found = this.clients.acs().getAcsResponse(request).getImages();
		assertThat(found).singleElement().satisfies(i -> assertThat(i.getStatus()).isEqualTo("Available"));
		return found.get(0).getResourceGroupId();
	}

}
