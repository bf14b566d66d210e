package io.ecsmigrator.ledger;

import java.util.List;

/**
 * An image of a run as the ledger holds it, with its disks: what the cloud steps read. Attributes
 * are as the plan left them ({@code null} when the inventory left them empty).
 */
public record ImageRow(long runId, int firstLine, String region, String name, ImageStatus status,
		String architecture, String osType, String platform, String description, String bootMode,
		String licenseType, String tags, String imageId, List<Disk> disks) {

	public ImageRow {
		disks = List.copyOf(disks);
	}

	/** @param diskSizeGib the declared size, or {@code null} */
	public record Disk(int lineNo, int diskIndex, String bucket, String object, String format, Integer diskSizeGib) {
	}

}
