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
		assertThat(VERIFIED.canMoveTo(DEFERRED)).as("a region out of quota, decided without a call").isTrue();
		assertThat(VERIFIED.canMoveTo(SUBMIT_FAILED)).as("a region that cannot import").isTrue();
	}

	@Test
	void saysWhichStatusesAreOverAndWhichAreInFlight() {
		assertThat(java.util.Arrays.stream(values()).filter(ImageStatus::finished)).containsExactlyInAnyOrder(INVALID,
				VERIFY_FAILED, ALREADY_IMPORTED, SUBMIT_FAILED, AVAILABLE, IMPORT_FAILED, CANCELLED);
		assertThat(java.util.Arrays.stream(values()).filter(ImageStatus::inFlight)).containsExactly(SUBMITTING,
				SUBMITTED);
	}

	@Test
	void refusesShortcutsAndLeavingFinalStates() {
		assertThat(PLANNED.canMoveTo(SUBMITTED)).isFalse();
		assertThat(VERIFIED.canMoveTo(SUBMITTED)).as("the SUBMITTING intent comes first").isFalse();
		assertThat(INVALID.canMoveTo(PLANNED)).isFalse();
		assertThat(AVAILABLE.canMoveTo(SUBMITTING)).isFalse();
	}

}
