package io.ecsmigrator.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ecsmigrator.inventory.ImportDefaults;
import io.ecsmigrator.inventory.LineError;
import io.ecsmigrator.inventory.PlannedDisk;
import io.ecsmigrator.inventory.PlannedImage;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageMessage;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.ledger.StagingRepository;
import io.ecsmigrator.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class RunSummariesTests {

	@Test
	void theFirstErrorsAreInLineOrderAcrossAndWithinImages() {
		// db-01 has lines 2 and 9 (its image error on 9 comes after its line errors); web-01 is on line 4
		List<ImageMessage> images = List.of(
				invalid(2, "2;9", "db-01", "line 2, column 7 (disk_size_gib): InvalidImageSize: too big | line 9, "
						+ "column 3 (disk_index): Inventory.DuplicateDiskIndex: twice | line 2, column 8 (architecture): "
						+ "Inventory.InconsistentImageFields: disagree"),
				invalid(4, "4", "web-01", "line 4, column 1 (image_name): InvalidImageName.Malformed: bad"));

		RunSummaries.FirstErrors errors = RunSummaries.firstErrors(images);

		assertThat(errors.shown()).containsExactly(
				"line 2, column 7 (disk_size_gib): InvalidImageSize: too big",
				"line 2, column 8 (architecture): Inventory.InconsistentImageFields: disagree",
				"line 4, column 1 (image_name): InvalidImageName.Malformed: bad",
				"line 9, column 3 (disk_index): Inventory.DuplicateDiskIndex: twice");
		assertThat(errors.more()).isFalse();
	}

	@Test
	void aCloudErrorNamesTheImageAndItsLines() {
		ImageMessage failed = new ImageMessage(5, "5-7", "db-01", "cn-hangzhou", ImageStatus.VERIFY_FAILED, null,
				"InvalidOSSObject.NotFound", "oss://dc1/db-01.raw does not exist");

		assertThat(RunSummaries.firstErrors(List.of(failed)).shown()).containsExactly(
				"lines 5-7 (image 'db-01' in cn-hangzhou): InvalidOSSObject.NotFound: oss://dc1/db-01.raw does not exist");
	}

	@Test
	void onlyErrorsSurelyFirstAreShownAndTheRestIsSaidToBeInTheReport() {
		List<ImageMessage> images = new ArrayList<>();
		// the first image's second error is on line 100: images not read yet may have errors before it
		images.add(invalid(2, "2;100", "a", "line 2: Inventory.FieldCount: x | line 100: Inventory.FieldCount: y"));
		for (int line = 3; line <= 2 + RunSummaries.ERROR_PREVIEW; line++) {
			images.add(invalid(line, Integer.toString(line), "i" + line, "line " + line + ": Inventory.FieldCount: z"));
		}

		RunSummaries.FirstErrors errors = RunSummaries.firstErrors(images);

		assertThat(errors.shown()).hasSize(RunSummaries.ERROR_PREVIEW).noneMatch(error -> error.startsWith("line 100"));
		assertThat(errors.shown().get(0)).startsWith("line 2:");
		assertThat(errors.shown().get(RunSummaries.ERROR_PREVIEW - 1)).startsWith("line 11:");
		assertThat(errors.more()).isTrue();
	}

	@Test
	void fewErrorsAreShownWholeWithNothingMore() {
		RunSummaries.FirstErrors errors = RunSummaries
			.firstErrors(List.of(invalid(3, "3", "a", "line 3: Inventory.FieldCount: x")));
		assertThat(errors.shown()).containsExactly("line 3: Inventory.FieldCount: x");
		assertThat(errors.more()).isFalse();
	}

	private static ImageMessage invalid(int firstLine, String lines, String name, String message) {
		return new ImageMessage(firstLine, lines, name, "cn-hangzhou", ImageStatus.INVALID, null, "X", message);
	}

	@Test
	void anImageImportedBeforeIsNotAmongTheErrorsButNamedInTheSummaryAndNoValueBreaksALine() {
		String url = TestDatabases.h2MemoryUrl();
		Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));
		ImageRepository images = new ImageRepository(jdbc, Clock.systemUTC(), ImportDefaults.NONE);
		images.insertPlanned(1, List.of(planned(2, "web-01", List.of()), planned(3, "1web", List.of(new LineError(3, 1,
				"image_name", "InvalidImageName.Malformed", "image name '1web' must start with a letter", "h"))),
				planned(4, "db-01", List.of())));
		// as preflight records an image of this project found in the account
		images.transition(1, 2, ImageStatus.PLANNED, ImageStatus.ALREADY_IMPORTED,
				new ImageChange(null, "imported before, as m-1", null, null, "m-1", null, 0));
		images.transition(1, 4, ImageStatus.PLANNED, ImageStatus.VERIFY_FAILED, ImageChange
			.failed("InvalidOSSObject.NotFound", "oss://dc1-disks/db\n01.raw does not exist", "upload it", null));
		RunSummaries summaries = new RunSummaries(images, new StagingRepository(jdbc));
		ByteArrayOutputStream console = new ByteArrayOutputStream();

		summaries.printFirstErrors(1, "inv.csv", new PrintStream(console, true, StandardCharsets.UTF_8));
		RunSummary summary = summaries.of(1);

		assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo(System.lineSeparator()
				+ "inv.csv: line 3, column 1 (image_name): InvalidImageName.Malformed: image name '1web' must start "
				+ "with a letter" + System.lineSeparator() + "inv.csv: line 4 (image 'db-01' in cn-hangzhou): "
				+ "InvalidOSSObject.NotFound: oss://dc1-disks/db\\n01.raw does not exist" + System.lineSeparator());
		assertThat(summary.importedBefore()).singleElement().satisfies(image -> {
			assertThat(image.imageName()).isEqualTo("web-01");
			assertThat(image.lines()).isEqualTo("2");
			assertThat(image.imageId()).isEqualTo("m-1");
		});
	}

	private static PlannedImage planned(int line, String name, List<LineError> errors) {
		return new PlannedImage(line, "cn-hangzhou", name, Integer.toString(line), 1, Map.of(),
				List.of(new PlannedDisk(line, 1, "dc1-disks", name + ".qcow2", null, null)), errors);
	}

}
