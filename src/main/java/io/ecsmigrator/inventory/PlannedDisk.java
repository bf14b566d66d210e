package io.ecsmigrator.inventory;

/** One disk of a valid image, as ImportImage's {@code DiskDeviceMapping.n} will carry it. */
public record PlannedDisk(int lineNo, int diskIndex, String ossBucket, String ossObject, String format,
		Integer diskSizeGib) {
}
