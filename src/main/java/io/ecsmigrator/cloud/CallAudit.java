package io.ecsmigrator.cloud;

/** Hears of every attempt of every cloud call; the ledger keeps them (see CloudCallAudit). */
@FunctionalInterface
public interface CallAudit {

	CallAudit NONE = (context, action, attempt, latencyMillis, requestId, failure) -> {
	};

	/**
	 * @param requestId the cloud's request id of the answer, if any
	 * @param failure what went wrong, or {@code null} for a success
	 */
	void attempted(CallContext context, String action, int attempt, long latencyMillis, String requestId,
			CloudFailure failure);

}
