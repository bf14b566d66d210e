package io.ecsmigrator.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A custom image the sandbox imported. Its status follows from the clock: {@code Creating} with
 * rising progress until the import time has passed, then {@code Available}, or
 * {@code CreateFailed} when a disk holds nothing ECS can import. {@code resourceGroupId} is the
 * group ImportImage filed it in, or {@code null} (the account's default group).
 */
record SimulatedImage(String imageId, String taskId, String region, String name, String description,
		String architecture, String osType, String platform, String bootMode, Map<String, String> tags,
		List<Disk> disks, Instant createdAt, Duration importTime, boolean willFail, String resourceGroupId) {

	record Disk(int index, String bucket, String object, String format, int sizeGib) {
	}

	String status(Instant now) {
		if (now.isBefore(this.createdAt.plus(this.importTime))) {
			return "Creating";
		}
		return this.willFail ? "CreateFailed" : "Available";
	}

	/** Whole percent, as ECS writes it: {@code 45%}. */
	String progress(Instant now) {
		long total = Math.max(1, this.importTime.toMillis());
		long elapsed = Duration.between(this.createdAt, now).toMillis();
		return Math.min(100, Math.max(0, elapsed * 100 / total)) + "%";
	}

	/** DescribeTaskAttribute's vocabulary: Processing, Finished or Failed. */
	String taskStatus(Instant now) {
		return switch (status(now)) {
			case "Creating" -> "Processing";
			case "Available" -> "Finished";
			default -> "Failed";
		};
	}

	int sizeGib() {
		return this.disks.get(0).sizeGib();
	}

}
