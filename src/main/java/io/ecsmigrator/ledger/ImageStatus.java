package io.ecsmigrator.ledger;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an image stands. The transitions are those of docs/architecture.md ("Image status
 * machine"); {@link #canMoveTo} is the one place that says which are allowed, and the ledger
 * refuses any other.
 */
public enum ImageStatus {

	PLANNED, INVALID, VERIFIED, VERIFY_FAILED, ALREADY_IMPORTED, SUBMITTING, SUBMITTED, SUBMIT_FAILED, DEFERRED,
	AVAILABLE, IMPORT_FAILED, CANCELLED;

	public boolean canMoveTo(ImageStatus next) {
		return next(this).contains(next);
	}

	private static Set<ImageStatus> next(ImageStatus status) {
		return switch (status) {
			case PLANNED -> EnumSet.of(INVALID, VERIFIED, VERIFY_FAILED, ALREADY_IMPORTED);
			// deferred or failed without a call: its region ran out of quota, or cannot import
			case VERIFIED -> EnumSet.of(SUBMITTING, DEFERRED, SUBMIT_FAILED);
			case SUBMITTING -> EnumSet.of(SUBMITTED, SUBMIT_FAILED, DEFERRED);
			case SUBMITTED -> EnumSet.of(AVAILABLE, IMPORT_FAILED, CANCELLED);
			case DEFERRED -> EnumSet.of(VERIFIED);
			default -> EnumSet.noneOf(ImageStatus.class);
		};
	}

	/** An import was asked for and may be running in the cloud. */
	public boolean inFlight() {
		return this == SUBMITTING || this == SUBMITTED;
	}

	/** Nothing more will happen to the image in this run. */
	public boolean finished() {
		return next(this).isEmpty();
	}

	/** Statuses that mean the operator has to act on the image before it can be imported. */
	public boolean failed() {
		return this == INVALID || this == VERIFY_FAILED || this == SUBMIT_FAILED || this == IMPORT_FAILED;
	}

}
