package io.ecsmigrator.preflight;

import java.util.List;

/** A planned image as preflight checks it, in its run (for the audit of its calls). */
public record ImageToVerify(long runId, int firstLine, String region, String name, List<Disk> disks) {

	public ImageToVerify {
		disks = List.copyOf(disks);
	}

	/** @param diskSizeGib the declared size, or {@code null} */
	public record Disk(int lineNo, int diskIndex, String bucket, String object, Integer diskSizeGib) {
	}

}
