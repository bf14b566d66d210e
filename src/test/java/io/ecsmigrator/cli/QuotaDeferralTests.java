package io.ecsmigrator.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A region with room for 5 more images: 5 are imported, the rest deferred with exit 3, the other
 * region goes on; once the quota is raised, the same command imports the rest and exits 0. Once
 * with the quota configured (the guard defers before calling) and once learnt from the API's
 * {@code QuotaExceed.Image} answers.
 */
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
		PrintStream out = System.out;
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
			int exit = MigratorCli.run(all.toArray(String[]::new));
			return new String[] { Integer.toString(exit), bytes.toString(StandardCharsets.UTF_8) };
		}
		finally {
			System.setOut(out);
		}
	}

	private Path scenario(int imageQuota) throws Exception {
		return Scenarios.sampleWave()
			.importSeconds(1)
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
	void aConfiguredQuotaDefersBeforeCallingAndTheSameCommandFinishesOnceRaised() throws Exception {
		deferThenFinish("--migrator.submit.quota.images=15");
		assertThat(count("SELECT COUNT(*) FROM cloud_call WHERE error_code LIKE 'QuotaExceed%'"))
			.as("the guard deferred them: ImportImage never answered QuotaExceed").isZero();
	}

	@Test
	void aQuotaLearntFromTheApiDefersTheRegionAndTheSameCommandFinishesOnceRaised() throws Exception {
		deferThenFinish("--migrator.submit.quota.images=0");
		assertThat(count("SELECT COUNT(*) FROM cloud_call WHERE error_code = 'QuotaExceed.Image'")).isPositive();
	}

	private void deferThenFinish(String quotaSetting) throws Exception {
		Path inventory = inventory();
		// 10 images exist in cn-hangzhou and its quota is 15: room for 5
		String[] first = run("import", "--inventory", inventory.toString(), "--sandbox", scenario(15).toString(),
				"--wait", quotaSetting);
		assertThat(first[0]).as(first[1]).isEqualTo(Integer.toString(ExitCodes.DEFERRED));
		assertThat(count("SELECT COUNT(*) FROM image WHERE region = 'cn-hangzhou' AND status = 'AVAILABLE'")).isEqualTo(5);
		assertThat(count("SELECT COUNT(*) FROM image WHERE region = 'cn-hangzhou' AND status = 'DEFERRED' "
				+ "AND error_code = 'QuotaExceed.Image'")).isEqualTo(7);
		assertThat(count("SELECT COUNT(*) FROM image WHERE region = 'cn-shanghai' AND status = 'AVAILABLE'"))
			.as("other regions go on").isEqualTo(2);
		assertThat(first[1]).contains("7 image(s) deferred", "QuotaExceed.Image");

		String[] second = run("import", "--inventory", inventory.toString(), "--sandbox", scenario(100).toString(),
				"--wait", quotaSetting.replace("=15", "=100"));
		assertThat(second[0]).as(second[1]).isEqualTo(Integer.toString(ExitCodes.OK));
		assertThat(count("SELECT COUNT(*) FROM image WHERE status = 'AVAILABLE'")).isEqualTo(14);
		assertThat(count("SELECT COUNT(DISTINCT run_id) FROM image")).as("the same run went on").isEqualTo(1);
	}

	private long count(String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(ledgerUrl(), "", "");
				ResultSet rs = connection.createStatement().executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
