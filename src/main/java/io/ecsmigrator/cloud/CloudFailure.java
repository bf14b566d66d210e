package io.ecsmigrator.cloud;

/**
 * A failed cloud call, classified once: the API's code and message, the request id to quote to
 * Alibaba Cloud support, and which hint of the catalogue tells the operator what to do. It never
 * holds a secret: messages of signature errors, which quote the string to sign, are replaced.
 *
 * @param httpStatus the HTTP status, or {@code null} when no answer came
 * @param hintKey the key of the operator's hint in the catalogue ({@code catalogue.ErrorCatalogue},
 * {@code messages.properties}): the code itself, or a variant of it, or the hint of the class
 */
public record CloudFailure(ErrorClass errorClass, String code, String message, String requestId, Integer httpStatus,
		String hintKey) {

	public boolean retryable(boolean idempotent) {
		return this.errorClass == ErrorClass.TRANSIENT || (idempotent && this.errorClass == ErrorClass.AMBIGUOUS);
	}

	@Override
	public String toString() {
		return this.code + ": " + this.message + ((this.requestId != null) ? " (request " + this.requestId + ")" : "");
	}

}
