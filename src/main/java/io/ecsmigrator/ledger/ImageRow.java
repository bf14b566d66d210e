package io.ecsmigrator.ledger;

import java.util.List;

/**
 * An image of a run as the ledger holds it, with its disks: what the cloud steps read. Attributes
 * are as the plan left them ({@code null} when the inventory left them empty).
 *
 * @param roleName the RAM role ECS assumes to read the disk files (the inventory's, else the
 * setting's), or {@code null} for the default role
 * @param resourceGroupId the resource group the image is filed in, or {@code null} for the account's default
 */
public record ImageRow(long runId, int firstLine, String region, String name, ImageStatus status,
		String architecture, String osType, String platform, String description, String bootMode,
		String licenseType, String tags, String imageId, List<Disk> disks, String roleName, String resourceGroupId) {

	public ImageRow {
		disks = List.copyOf(disks);
	}

	/** An image with the default import role and resource group. */
	public ImageRow(long runId, int firstLine, String region, String name, ImageStatus status, String architecture,
			String osType, String platform, String description, String bootMode, String licenseType, String tags,
			String imageId, List<Disk> disks) {
		this(runId, firstLine, region, name, status, architecture, osType, platform, description, bootMode,
				licenseType, tags, imageId, disks, null, null);
	}

	/** @param diskSizeGib the declared size, or {@code null} */
	public record Disk(int lineNo, int diskIndex, String bucket, String object, String format, Integer diskSizeGib) {
	}

}
