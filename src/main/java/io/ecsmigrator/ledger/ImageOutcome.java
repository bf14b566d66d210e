package io.ecsmigrator.ledger;

import java.time.LocalDateTime;

/**
 * An image as the report shows it: one row per image, in inventory order.
 *
 * @param taskStatus what the import task said of its end, or {@code null}
 * @param regionCheck how preflight decided the region of the image's buckets, or {@code null}
 * @param warnings what the operator should know although the image went on, or {@code null}
 * @param roleName the RAM role ECS assumes to read the image's disk files, or {@code null}
 * @param resourceGroupId the resource group the image is filed in, or {@code null}
 */
public record ImageOutcome(String imageName, String region, String lines, ImageStatus status, String imageId,
		String importTaskId, String errorCode, String errorMessage, String hint, int attempts, String requestId,
		LocalDateTime updatedAt, String taskStatus, String regionCheck, String warnings, String roleName,
		String resourceGroupId) {

	public ImageOutcome(String imageName, String region, String lines, ImageStatus status, String imageId,
			String importTaskId, String errorCode, String errorMessage, String hint, int attempts, String requestId,
			LocalDateTime updatedAt, String taskStatus, String regionCheck, String warnings) {
		this(imageName, region, lines, status, imageId, importTaskId, errorCode, errorMessage, hint, attempts,
				requestId, updatedAt, taskStatus, regionCheck, warnings, null, null);
	}

	public ImageOutcome(String imageName, String region, String lines, ImageStatus status, String imageId,
			String importTaskId, String errorCode, String errorMessage, String hint, int attempts, String requestId,
			LocalDateTime updatedAt) {
		this(imageName, region, lines, status, imageId, importTaskId, errorCode, errorMessage, hint, attempts,
				requestId, updatedAt, null, null, null, null, null);
	}

}
