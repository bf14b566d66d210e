package io.ecsmigrator.ledger;

import java.time.LocalDateTime;

/**
 * An image as the report shows it: one row per image, in inventory order.
 *
 * @param taskStatus what the import task said of its end, or {@code null}
 */
public record ImageOutcome(String imageName, String region, String lines, ImageStatus status, String imageId,
		String importTaskId, String errorCode, String errorMessage, String hint, int attempts, String requestId,
		LocalDateTime updatedAt, String taskStatus) {
}
