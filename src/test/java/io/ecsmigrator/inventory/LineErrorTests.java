package io.ecsmigrator.inventory;

import java.util.List;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineErrorTests {

	private static final String[] HEADER = { "image_name", "region", "disk_index", "oss_bucket", "oss_object" };

	/** The console's preview splits a report cell into its errors: a name holding the separator stays whole. */
	@Test
	void aCellOfErrorsSplitsIntoTheErrorsEvenWhenAValueHoldsTheSeparator() {
		DiskLineValidator validator = new DiskLineValidator(InventoryHeader.parse("inv.csv", HEADER),
				ErrorCatalogue.english());
		List<LineError> errors = validator
			.validate(new RawLine(7, new String[] { "web | 01 | line 2", "cn-hangzhou", "x", "b", "/o" }, null))
			.errors();
		assertThat(errors).hasSizeGreaterThan(1);
		List<String> each = errors.stream().map(LineError::toString).toList();
		assertThat(each.get(0)).contains("web | 01 | line 2");

		assertThat(LineError.split(LineError.join(each))).containsExactlyElementsOf(each);
		assertThat(LineError.split(each.get(0))).containsExactly(each.get(0));
	}

}
