package io.ecsmigrator.ledger;

import org.junit.jupiter.api.Test;

import static io.ecsmigrator.ledger.ImageStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

class ImageStatusTests {

	@Test
	void followsTheStatusMachineOfTheDesign() {
		assertThat(PLANNED.canMoveTo(VERIFIED)).isTrue();
		assertThat(PLANNED.canMoveTo(ALREADY_IMPORTED)).isTrue();
		assertThat(VERIFIED.canMoveTo(SUBMITTING)).isTrue();
		assertThat(SUBMITTING.canMoveTo(DEFERRED)).isTrue();
		assertThat(DEFERRED.canMoveTo(VERIFIED)).isTrue();
		assertThat(SUBMITTED.canMoveTo(AVAILABLE)).isTrue();
	}

	@Test
	void refusesShortcutsAndLeavingFinalStates() {
		assertThat(PLANNED.canMoveTo(SUBMITTED)).isFalse();
		assertThat(VERIFIED.canMoveTo(SUBMITTED)).as("the SUBMITTING intent comes first").isFalse();
		assertThat(INVALID.canMoveTo(PLANNED)).isFalse();
		assertThat(AVAILABLE.canMoveTo(SUBMITTING)).isFalse();
	}

}
