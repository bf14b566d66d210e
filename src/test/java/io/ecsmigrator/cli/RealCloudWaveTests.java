package io.ecsmigrator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10's wave, from the command line, as the real cloud answers every day: one bucket denies
 * GetBucketLocation (its objects readable: that image ends AVAILABLE), one object is archived and
 * one bucket belongs to another account (those two end VERIFY_FAILED with their OSS code and a hint),
 * OSS answers 503 in bursts of eight consecutive requests and some HEADs with no body, ECS answers
 * some calls with a gateway's HTML 502, the listing lags imports by 20 seconds, one imported image
 * is deleted behind the migrator's back (IMPORT_FAILED after the grace and its task's word), and the
 * operator's key has no RAM rights. Exit 1; every other image AVAILABLE; none imported twice; no
 * exit 4. On H2 and on PostgreSQL.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RealCloudWaveTests {

	static final int GOOD = 12;

	@TempDir
	Path dir;

	@Test
	void theRealCloudsEverydayAnswersStopNoWaveOnH2() throws Exception {
		wave("jdbc:h2:file:" + this.dir.resolve("data/ledger") + TestDatabases.H2_OPTIONS, "");
	}

	@Test
	void theRealCloudsEverydayAnswersStopNoWaveOnPostgres() throws Exception {
		TestDatabases.assumePostgres();
		wave(TestDatabases.newPostgresSchema(), TestDatabases.postgresUser());
	}

	private void wave(String url, String user) throws Exception {
		Path scenario = Scenarios.scenario()
			.ramDeniedAccessKey("opsAK", "opsSecret")
			.region("cn-hangzhou")
			.imageQuota(1000)
			.bucket("disks-hz", "cn-hangzhou")
			.object("web.qcow2", DiskKind.QCOW2, 40)
			.object("old.qcow2", DiskKind.QCOW2, 40, "Archive")
			.bucket("denied-hz", "cn-hangzhou")
			.locationDenied()
			.object("web.qcow2", DiskKind.QCOW2, 40)
			.bucket("theirs", "cn-hangzhou")
			.otherAccount()
			.object("web.qcow2", DiskKind.QCOW2, 40)
			.importSeconds(1)
			.seed(13)
			.listingLagSeconds(20)
			.deleteImage("web-05", 3)
			.ossBurst(40, null, 8)
			.ossBodilessHeadRate(0.15)
			.gatewayErrorRate(0.1)
			.writeTo(this.dir.resolve("real-cloud.yaml"));
		Path inventory = this.dir.resolve("mixed.csv");
		StringBuilder csv = new StringBuilder("image_name,region,oss_bucket,oss_object\n");
		csv.append("denied-01,cn-hangzhou,denied-hz,web.qcow2\n");
		csv.append("archived-01,cn-hangzhou,disks-hz,old.qcow2\n");
		csv.append("foreign-01,cn-hangzhou,theirs,web.qcow2\n");
		for (int i = 1; i < GOOD; i++) {
			csv.append("web-%02d,cn-hangzhou,disks-hz,web.qcow2\n".formatted(i));
		}
		Files.writeString(inventory, csv);

		List<String> command = new ArrayList<>(List.of("import", "--inventory", inventory.toString(), "--sandbox",
				scenario.toString(), "--wait", "--migrator.data-dir=" + this.dir.resolve("data"),
				"--spring.datasource.url=" + url, "--migrator.track.poll-interval=500ms",
				"--migrator.track.not-found-grace=30s", "--migrator.retry.base=5ms", "--migrator.retry.max=50ms",
				"--migrator.preflight.sweep-pause=100ms"));
		if (!user.isEmpty()) {
			command.add("--spring.datasource.username=" + user);
		}
		String[] result = run(command);

		assertThat(result[0]).as(result[1]).isEqualTo(Integer.toString(ExitCodes.IMAGES_FAILED));
		Map<String, String> byImage = new TreeMap<>();
		try (Connection connection = DriverManager.getConnection(url, user, "");
				ResultSet rs = connection.createStatement()
					.executeQuery("SELECT image_name, status, error_code, hint FROM image")) {
			while (rs.next()) {
				byImage.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3)
						+ ((rs.getString(4) != null && !rs.getString(4).isBlank()) ? " +hint" : ""));
			}
		}
		assertThat(byImage).containsEntry("denied-01", "AVAILABLE null")
			.containsEntry("archived-01", "VERIFY_FAILED InvalidObjectState +hint")
			.containsEntry("foreign-01", "VERIFY_FAILED AccessDenied +hint")
			.containsEntry("web-05", "IMPORT_FAILED InvalidImageId.NotFound +hint");
		assertThat(byImage.entrySet()).filteredOn(e -> e.getKey().startsWith("web-") && !e.getKey().equals("web-05"))
			.hasSize(GOOD - 2)
			.allSatisfy(e -> assertThat(e.getValue()).isEqualTo("AVAILABLE null"));
		assertThat(result[1]).contains("warning", "ram:GetRole", "ram:ListPoliciesForRole");
		// the sandbox keeps what it created beside the ledger: one image per name, nothing twice
		JsonNode created = JsonMapper.builder()
			.build()
			.readTree(Files.readString(this.dir.resolve("data/sandbox/real-cloud.state.json")))
			.path("createdImages");
		assertThat(created.size()).isEqualTo(GOOD);
		created.forEach(count -> assertThat(count.asLong()).as("nothing imported twice").isEqualTo(1));
	}

	private static String[] run(List<String> args) {
		// out and err in one, as a terminal shows them
		StringWriter both = new StringWriter();
		PrintWriter writer = new PrintWriter(both, true);
		int exit = MigratorCli.run(writer, writer, args.toArray(String[]::new));
		return new String[] { Integer.toString(exit), both.toString() };
	}


}
