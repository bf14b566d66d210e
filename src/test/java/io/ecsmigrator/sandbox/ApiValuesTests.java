package io.ecsmigrator.sandbox;

import io.ecsmigrator.inventory.ApiVocabulary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox keeps its own copy of ImportImage's value lists, so that it cannot silently follow a
 * mistake in the migrator's validator. This test is where the two meet: when they disagree, check
 * the real API and fix the side that is wrong.
 */
class ApiValuesTests {

	@Test
	void theSimulatorAndTheValidatorAcceptTheSameValues() {
		assertThat(ApiValues.FORMAT.accepted()).isEqualTo(ApiVocabulary.FORMAT.accepted());
		assertThat(ApiValues.ARCHITECTURE.accepted()).isEqualTo(ApiVocabulary.ARCHITECTURE.accepted());
		assertThat(ApiValues.OS_TYPE.accepted()).isEqualTo(ApiVocabulary.OS_TYPE.accepted());
		assertThat(ApiValues.PLATFORM.accepted()).isEqualTo(ApiVocabulary.PLATFORM.accepted());
		assertThat(ApiValues.BOOT_MODE.accepted()).isEqualTo(ApiVocabulary.BOOT_MODE.accepted());
	}

	@Test
	void theDiskFormatIsTakenInAnyCase() {
		assertThat(ApiValues.FORMAT.acceptsIgnoringCase("QCOW2")).isTrue();
		assertThat(ApiValues.FORMAT.acceptsIgnoringCase(" vhd ")).isTrue();
		assertThat(ApiValues.FORMAT.acceptsIgnoringCase("vmdk")).isFalse();
	}

}
