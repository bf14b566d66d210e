package io.ecsmigrator.cloud;

/**
 * A failed cloud call, classified once: the API's code and message, the request id to quote to
 * Alibaba Cloud support, and a hint for the operator. It never holds a secret: messages of
 * signature errors, which quote the string to sign, are replaced.
 *
 * @param httpStatus the HTTP status, or {@code null} when no answer came
 */
public record CloudFailure(ErrorClass errorClass, String code, String message, String requestId, Integer httpStatus,
		String hint) {

	public boolean retryable(boolean idempotent) {
		return this.errorClass == ErrorClass.TRANSIENT || (idempotent && this.errorClass == ErrorClass.AMBIGUOUS);
	}

	@Override
	public String toString() {
		return this.code + ": " + this.message + ((this.requestId != null) ? " (request " + this.requestId + ")" : "");
	}

}
