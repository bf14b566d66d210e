package io.ecsmigrator.job;

import java.util.Map;

import io.ecsmigrator.ledger.ImageStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImportJobConfigurationTests {

	@Test
	void aRunIsUnfinishedWhileAnyImageHasWorkLeft() {
		assertThat(ImportJobConfiguration.unfinished(Map.of(ImageStatus.AVAILABLE, 3L, ImageStatus.INVALID, 1L))).isFalse();
		assertThat(ImportJobConfiguration.unfinished(Map.of(ImageStatus.AVAILABLE, 3L, ImageStatus.DEFERRED, 1L))).isTrue();
		assertThat(ImportJobConfiguration.unfinished(Map.of(ImageStatus.SUBMITTED, 1L))).isTrue();
		assertThat(ImportJobConfiguration.unfinished(Map.of(ImageStatus.VERIFIED, 1L))).as("after a dry run").isTrue();
	}

}
