package io.ecsmigrator.ledger;

import java.util.List;

/**
 * An image of a run as the ledger holds it, with its disks: what the cloud steps read. Attributes
 * are as the plan left them ({@code null} when the inventory left them empty).
 *
 * @param roleName the RAM role ECS assumes to read the disk files (the inventory's, else
 * {@code migrator.import.role-name}), or {@code null} for the default role
 * @param ownRole whether the role is the image's own ({@code role_name}) rather than the run's:
 * ECS refusing it is then that image's failure, not the account's
 * @param resourceGroupId the resource group the image is filed in (the inventory's, else
 * {@code migrator.import.resource-group-id}), or {@code null} for the account's default
 */
public record ImageRow(long runId, int firstLine, String region, String name, ImageStatus status,
		String architecture, String osType, String platform, String description, String bootMode,
		String licenseType, String tags, String imageId, List<Disk> disks, String roleName, boolean ownRole,
		String resourceGroupId) {

	public ImageRow {
		disks = List.copyOf(disks);
	}

	/** An image with the default import role and resource group. */
	public ImageRow(long runId, int firstLine, String region, String name, ImageStatus status, String architecture,
			String osType, String platform, String description, String bootMode, String licenseType, String tags,
			String imageId, List<Disk> disks) {
		this(runId, firstLine, region, name, status, architecture, osType, platform, description, bootMode,
				licenseType, tags, imageId, disks, null, false, null);
	}

	/** @param diskSizeGib the declared size, or {@code null} */
	public record Disk(int lineNo, int diskIndex, String bucket, String object, String format, Integer diskSizeGib) {
	}

}
