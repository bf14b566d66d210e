package io.ecsmigrator.report;

import java.util.Map;

import io.ecsmigrator.ledger.ImageStatus;

/**
 * A run in numbers: images per status and per error code.
 *
 * @param lines inventory lines staged
 */
public record RunSummary(long runId, long lines, Map<ImageStatus, Long> byStatus, Map<String, Long> byErrorCode) {

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
