package io.ecsmigrator.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import io.ecsmigrator.inventory.ImportDefaults;
import io.ecsmigrator.inventory.LineError;
import io.ecsmigrator.inventory.PlannedDisk;
import io.ecsmigrator.inventory.PlannedImage;
import io.ecsmigrator.ledger.ImageOutcome;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.support.Reports;
import io.ecsmigrator.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReportWriterTests {

	@Test
	void columnsAreThoseOfTheDesignInOrder() {
		assertThat(ReportWriter.COLUMNS).containsExactly("image_name", "region", "lines", "status", "image_id",
				"import_task_id", "error_code", "error_message", "hint", "attempts", "request_id", "updated_at",
				"task_status", "region_check", "warnings", "role_name", "resource_group_id");
	}

	@ParameterizedTest
	@ValueSource(strings = { "=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx" })
	void formulaLikeCellsAreEscaped(String value) {
		assertThat(ReportWriter.cell(value)).isEqualTo("'" + value);
	}

	@Test
	void ordinaryCellsAreKept() {
		assertThat(ReportWriter.cell("web-01")).isEqualTo("web-01");
		assertThat(ReportWriter.cell("财务")).isEqualTo("财务");
		assertThat(ReportWriter.cell(null)).isEmpty();
	}

	@Test
	void rowFollowsTheColumns() {
		ImageOutcome outcome = new ImageOutcome("=cmd", "cn-hangzhou", "2-4", ImageStatus.INVALID, null, null,
				"InvalidImageSize", "line 2: too small", "grow it", 0, null, LocalDateTime.of(2026, 11, 26, 8, 5, 3),
				"Failed: The task was cancelled.", null, null);
		assertThat(ReportWriter.row(outcome)).containsExactly("'=cmd", "cn-hangzhou", "2-4", "INVALID", "", "",
				"InvalidImageSize", "line 2: too small", "grow it", "0", "", "2026-11-26T08:05:03Z",
				"Failed: The task was cancelled.", "", "", "", "");
	}

	@Test
	void regionCheckAndWarningsAreAppendedAfterTheExistingColumns() {
		assertThat(ReportWriter.COLUMNS).startsWith("image_name", "region", "lines", "status", "image_id",
				"import_task_id", "error_code", "error_message", "hint", "attempts", "request_id", "updated_at",
				"task_status", "region_check", "warnings");
		ImageOutcome outcome = new ImageOutcome("web-01", "cn-hangzhou", "2", ImageStatus.AVAILABLE, "m-1", "t-1",
				null, null, null, 2, "r-1", LocalDateTime.of(2026, 11, 26, 8, 5, 3), null,
				"disks: object read at the cn-hangzhou endpoint (GetBucketLocation denied)", "GetBucketLocation denied");
		String[] row = ReportWriter.row(outcome);
		assertThat(row).hasSize(ReportWriter.COLUMNS.length);
		assertThat(row[13]).contains("GetBucketLocation denied");
		assertThat(row[14]).isEqualTo("GetBucketLocation denied");
	}

	@Test
	void theReportStartsWithAByteOrderMarkByDefaultAndReadersThatDecodeItSeeTheSameHeader(@TempDir Path dir)
			throws Exception {
		ReportWriter writer = new ReportWriter(ledgerWithAChineseImage(), ReportProperties.DEFAULTS);
		Path report = dir.resolve("report.csv");

		assertThat(writer.write(1, report)).isEqualTo(1);

		byte[] bytes = Files.readAllBytes(report);
		assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF, 'i');
		List<String[]> rows = Reports.read(report);
		assertThat(rows.get(0)).containsExactly(ReportWriter.COLUMNS);
		assertThat(rows.get(1)[0]).isEqualTo("财务-应用");
	}

	@Test
	void theByteOrderMarkCanBeTurnedOff(@TempDir Path dir) throws Exception {
		ReportWriter writer = new ReportWriter(ledgerWithAChineseImage(), new ReportProperties(false));
		Path report = dir.resolve("report.csv");

		writer.write(1, report);

		assertThat(Files.readAllBytes(report)).startsWith('i', 'm', 'a', 'g', 'e');
		List<String[]> rows = Reports.read(report);
		assertThat(rows.get(0)).containsExactly(ReportWriter.COLUMNS);
		assertThat(rows.get(1)[0]).isEqualTo("财务-应用");
	}

	private static ImageRepository ledgerWithAChineseImage() {
		String url = TestDatabases.h2MemoryUrl();
		Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
		ImageRepository images = new ImageRepository(new JdbcTemplate(new DriverManagerDataSource(url, "sa", "")),
				Clock.systemUTC(), ImportDefaults.NONE);
		images.insertPlanned(1, List.of(new PlannedImage(2, "cn-hangzhou", "财务-应用", "2", 1, Map.of(),
				List.of(new PlannedDisk(2, 1, "dc1-disks", "fin/app.qcow2", null, null)), List.<LineError>of())));
		return images;
	}

	@Test
	void theImportRoleAndResourceGroupAreAppendedAfterWarnings() {
		assertThat(ReportWriter.COLUMNS).endsWith("warnings", "role_name", "resource_group_id");
		ImageOutcome outcome = new ImageOutcome("fin-01", "cn-hangzhou", "2-3", ImageStatus.AVAILABLE, "m-1", "t-1",
				null, null, null, 1, "r-1", LocalDateTime.of(2026, 11, 28, 8, 5, 3), null, null, null, "FinanceImporter",
				"rg-finance01");
		String[] row = ReportWriter.row(outcome);
		assertThat(row).hasSize(ReportWriter.COLUMNS.length);
		assertThat(row[14]).isEmpty();
		assertThat(row[15]).isEqualTo("FinanceImporter");
		assertThat(row[16]).isEqualTo("rg-finance01");
	}

}
