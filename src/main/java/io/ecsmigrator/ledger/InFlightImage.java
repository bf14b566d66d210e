package io.ecsmigrator.ledger;

import java.time.LocalDateTime;

/**
 * An import that was accepted and has not ended yet, as the track step follows it.
 *
 * @param submittedAt when the ledger recorded it {@code SUBMITTED} (the ledger's clock): the
 * grace for an image not yet listed runs from here
 */
public record InFlightImage(long runId, int firstLine, String region, String name, String imageId,
		String importTaskId, LocalDateTime submittedAt) {
}
