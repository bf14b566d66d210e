package io.ecsmigrator.report;

import java.util.ArrayList;
import java.util.List;

import io.ecsmigrator.ledger.ImageMessage;
import io.ecsmigrator.ledger.ImageStatus;
import org.junit.jupiter.api.Test;

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

}
