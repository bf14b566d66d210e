package io.ecsmigrator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A region with room for 5 more images: 5 are imported, the rest deferred with exit 3, the other
 * region goes on; once the quota is raised, the same command imports the rest and exits 0. With the
 * quota read from Quota Center (the default), with it configured where Quota Center may not be read
 * (the guard defers before calling either way), and learnt from the API's {@code QuotaExceed.Image}
 * answers.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class QuotaDeferralTests {

	@TempDir
	Path dir;

	private String ledgerUrl() {
		return "jdbc:h2:file:" + this.dir.resolve("data/ledger") + TestDatabases.H2_OPTIONS;
	}

	private String[] run(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--migrator.data-dir=" + this.dir.resolve("data"));
		all.add("--spring.datasource.url=" + ledgerUrl());
		all.add("--migrator.track.poll-interval=200ms");
		MigratorCliTests.Result result = MigratorCliTests.runCli(all.toArray(String[]::new));
		return new String[] { Integer.toString(result.exit()), result.out() };
	}


	private Path scenario(int imageQuota, boolean quotasDenied) throws Exception {
		Scenarios scenario = Scenarios.sampleWave();
		if (quotasDenied) {
			scenario.quotasDeniedAccessKey("testAK", "testSecret");
		}
		return scenario.importSeconds(1)
			.region("cn-hangzhou")
			.imageQuota(imageQuota)
			.writeTo(this.dir.resolve("quota.yaml"));
	}

	private Path inventory() throws Exception {
		StringBuilder csv = new StringBuilder("image_name,region,oss_bucket,oss_object\n");
		for (int i = 1; i <= 12; i++) {
			csv.append("hz-%02d,cn-hangzhou,dc1-disks-hz,wave1/web-01-sys.qcow2\n".formatted(i));
		}
		csv.append("sh-01,cn-shanghai,dc1-disks-sh,wave1/cache-01.qcow2\n");
		csv.append("sh-02,cn-shanghai,dc1-disks-sh,wave1/cache-01.qcow2\n");
		Path inventory = this.dir.resolve("quota-wave.csv");
		Files.writeString(inventory, csv);
		return inventory;
	}

	@Test
	void aQuotaReadFromQuotaCenterDefersBeforeCallingAndTheSameCommandFinishesOnceRaised() throws Exception {
		deferThenFinish(false, "--migrator.submit.quota.images=0");
		assertThat(count("SELECT COUNT(*) FROM cloud_call WHERE error_code LIKE 'QuotaExceed%'"))
			.as("the guard deferred them: ImportImage never answered QuotaExceed").isZero();
		assertThat(count("SELECT COUNT(*) FROM cloud_call WHERE action = 'ListProductQuotas'")).isPositive();
		assertThat(run("status")[1]).contains("quota cn-hangzhou: images 100 (Quota Center), snapshots unchecked");
	}

	@Test
	void aConfiguredQuotaServesWhereQuotaCenterMayNotBeRead() throws Exception {
		deferThenFinish(true, "--migrator.submit.quota.images=15");
		assertThat(count("SELECT COUNT(*) FROM cloud_call WHERE error_code LIKE 'QuotaExceed%'"))
			.as("the guard deferred them: ImportImage never answered QuotaExceed").isZero();
		assertThat(count("SELECT COUNT(*) FROM cloud_call WHERE action = 'ListProductQuotas' "
				+ "AND error_code = 'NoPermission'")).isPositive();
		assertThat(run("status")[1]).contains("quota cn-hangzhou: images 100 (migrator.submit.quota.images)");
	}

	@Test
	void aQuotaLearntFromTheApiDefersTheRegionAndTheSameCommandFinishesOnceRaised() throws Exception {
		deferThenFinish(false, "--migrator.submit.quota.from-quota-center=false");
		assertThat(count("SELECT COUNT(*) FROM cloud_call WHERE error_code = 'QuotaExceed.Image'")).isPositive();
	}

	@Test
	void aRegionsOwnQuotaSettingComesBeforeTheAccountWideOne() throws Exception {
		deferThenFinish(true, "--migrator.submit.quota.images=1000",
				"--migrator.submit.quota.regions.cn-hangzhou.images=15");
		assertThat(count("SELECT COUNT(*) FROM cloud_call WHERE error_code LIKE 'QuotaExceed%'")).isZero();
	}

	/**
	 * @param quotaSettings the first launch's; the second raises 15 to 100
	 */
	private void deferThenFinish(boolean quotasDenied, String... quotaSettings) throws Exception {
		Path inventory = inventory();
		// 10 images exist in cn-hangzhou and its quota is 15: room for 5
		List<String> first = new ArrayList<>(List.of("import", "--inventory", inventory.toString(), "--sandbox",
				scenario(15, quotasDenied).toString(), "--wait"));
		first.addAll(List.of(quotaSettings));
		runAndCheckDeferred(first);
		List<String> second = new ArrayList<>(List.of("import", "--inventory", inventory.toString(), "--sandbox",
				scenario(100, quotasDenied).toString(), "--wait"));
		List.of(quotaSettings).forEach(setting -> second.add(setting.replace("=15", "=100")));
		String[] again = run(second.toArray(String[]::new));
		assertThat(again[0]).as(again[1]).isEqualTo(Integer.toString(ExitCodes.OK));
		assertThat(count("SELECT COUNT(*) FROM image WHERE status = 'AVAILABLE'")).isEqualTo(14);
		assertThat(count("SELECT COUNT(DISTINCT run_id) FROM image")).as("the same run went on").isEqualTo(1);
	}

	private void runAndCheckDeferred(List<String> command) throws Exception {
		String[] first = run(command.toArray(String[]::new));
		assertThat(first[0]).as(first[1]).isEqualTo(Integer.toString(ExitCodes.DEFERRED));
		assertThat(count("SELECT COUNT(*) FROM image WHERE region = 'cn-hangzhou' AND status = 'AVAILABLE'")).isEqualTo(5);
		assertThat(count("SELECT COUNT(*) FROM image WHERE region = 'cn-hangzhou' AND status = 'DEFERRED' "
				+ "AND error_code = 'QuotaExceed.Image'")).isEqualTo(7);
		assertThat(count("SELECT COUNT(*) FROM image WHERE region = 'cn-shanghai' AND status = 'AVAILABLE'"))
			.as("other regions go on").isEqualTo(2);
		assertThat(first[1]).contains("7 image(s) deferred", "QuotaExceed.Image");
	}

	private long count(String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(ledgerUrl(), "", "");
				ResultSet rs = connection.createStatement().executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
