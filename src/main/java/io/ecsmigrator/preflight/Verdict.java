package io.ecsmigrator.preflight;

import java.util.List;

import io.ecsmigrator.ledger.DiskFinding;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageStatus;

/**
 * What preflight found for an image: {@code VERIFIED}, {@code VERIFY_FAILED} with the API's code,
 * or {@code ALREADY_IMPORTED} (an image of this project with its name exists), and what it learnt
 * of each disk.
 */
public record Verdict(ImageStatus status, ImageChange change, List<DiskFinding> disks) {

	public Verdict {
		disks = List.copyOf(disks);
	}

}
