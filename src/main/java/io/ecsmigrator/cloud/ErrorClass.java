package io.ecsmigrator.cloud;

/**
 * What a failed cloud call means for the run. {@link ErrorClassifier} gives every failure its class,
 * here in {@code cloud} and nowhere else (docs/architecture.md, "The SDK rule").
 */
public enum ErrorClass {

	/** Wrong for this image and will stay wrong: record it, go on with the others. */
	PERMANENT,

	/**
	 * The request may have been carried out and its answer lost (a timeout or reset after it was
	 * sent): a read can be retried; a write must be reconciled, never blindly resent.
	 */
	AMBIGUOUS,

	/** Throttling, a 5xx, a refused connection: back off and retry. */
	TRANSIENT,

	/** The region cannot take imports: every image of that region fails. */
	REGION,

	/** The region's quota is used up: defer its remaining images to a later run. */
	QUOTA,

	/** The account or its credentials cannot do this: stop the whole run. */
	ACCOUNT,

	/**
	 * The machine's clock is too far from the cloud's (signed requests are refused): stop the whole
	 * run, every call would fail the same way until the clock is fixed.
	 */
	CLOCK

}
