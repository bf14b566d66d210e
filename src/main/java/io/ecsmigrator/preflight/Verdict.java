package io.ecsmigrator.preflight;

import java.util.List;

import io.ecsmigrator.ledger.DiskFinding;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageStatus;

/**
 * What preflight found for an image: {@code VERIFIED}, {@code VERIFY_FAILED} with the API's code,
 * or {@code ALREADY_IMPORTED} (an image of this project with its name exists), and what it learnt
 * of each disk. {@code PLANNED} means not checked: a passing failure ran out of retries; the change
 * then holds the last error, and the image is tried again later.
 *
 * @param regionCheck how the region of the image's buckets was decided, or {@code null}
 * @param warnings what the operator should know although the image goes on
 */
public record Verdict(ImageStatus status, ImageChange change, List<DiskFinding> disks, String regionCheck,
		List<String> warnings) {

	public Verdict {
		disks = List.copyOf(disks);
		warnings = List.copyOf(warnings);
	}

	public Verdict(ImageStatus status, ImageChange change, List<DiskFinding> disks) {
		this(status, change, disks, null, List.of());
	}

	/** Not checked: the image stays {@code PLANNED} with its last error. */
	public boolean unchecked() {
		return this.status == ImageStatus.PLANNED;
	}

}
