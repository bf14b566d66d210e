package io.ecsmigrator.preflight;

import java.util.List;

import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;

/**
 * Keeps a verdict in the ledger: the image's move (or, unchecked, its last error without a move),
 * what it learnt of each disk, and how its region was decided with any warnings. The caller holds
 * the transaction.
 */
class VerdictRecorder {

	private final ImageRepository images;

	VerdictRecorder(ImageRepository images) {
		this.images = images;
	}

	void record(long runId, int firstLine, Verdict verdict) {
		if (verdict.unchecked()) {
			this.images.note(runId, firstLine, ImageStatus.PLANNED, verdict.change());
			return;
		}
		if (this.images.transition(runId, firstLine, ImageStatus.PLANNED, verdict.status(), verdict.change())) {
			this.images.recordDiskFindings(runId, verdict.disks());
			List<String> warnings = verdict.warnings();
			if (verdict.regionCheck() != null || !warnings.isEmpty()) {
				this.images.recordPreflightNotes(runId, firstLine, verdict.regionCheck(),
						warnings.isEmpty() ? null : String.join(" | ", warnings));
			}
		}
	}

}
