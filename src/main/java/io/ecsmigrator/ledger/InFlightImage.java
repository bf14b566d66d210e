package io.ecsmigrator.ledger;

/** An import that was accepted and has not ended yet, as the track step follows it. */
public record InFlightImage(long runId, int firstLine, String region, String name, String imageId,
		String importTaskId) {
}
