package io.ecsmigrator.report;

import java.util.List;
import java.util.Map;

import io.ecsmigrator.ledger.ImageMessage;
import io.ecsmigrator.ledger.ImageStatus;

/**
 * A run in numbers: images per status and per error code.
 *
 * @param lines inventory lines staged
 * @param importedBefore the first images found imported before ({@code ALREADY_IMPORTED}), in
 * inventory order, for the console to name them
 */
public record RunSummary(long runId, long lines, Map<ImageStatus, Long> byStatus, Map<String, Long> byErrorCode,
		List<ImageMessage> importedBefore) {

	/** How many images imported before the console names. */
	public static final int IMPORTED_BEFORE_SHOWN = 5;

	public RunSummary {
		importedBefore = List.copyOf(importedBefore);
	}

	public RunSummary(long runId, long lines, Map<ImageStatus, Long> byStatus, Map<String, Long> byErrorCode) {
		this(runId, lines, byStatus, byErrorCode, List.of());
	}

	public long images() {
		return this.byStatus.values().stream().mapToLong(Long::longValue).sum();
	}

	public long count(ImageStatus status) {
		return this.byStatus.getOrDefault(status, 0L);
	}

	/** Images the operator has to act on (invalid, or failed in the cloud). */
	public long failed() {
		return this.byStatus.entrySet().stream().filter(e -> e.getKey().failed()).mapToLong(Map.Entry::getValue).sum();
	}

}
