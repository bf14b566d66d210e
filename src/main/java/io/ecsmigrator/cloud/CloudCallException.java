package io.ecsmigrator.cloud;

/** A cloud call that failed for good, after the retries its failure allowed. */
public class CloudCallException extends RuntimeException {

	private final CloudFailure failure;

	private final int attempts;

	public CloudCallException(String action, CloudFailure failure, int attempts, Throwable cause) {
		super(action + " failed after " + attempts + " attempt" + (attempts > 1 ? "s" : "") + ": " + failure, cause);
		this.failure = failure;
		this.attempts = attempts;
	}

	public CloudFailure failure() {
		return this.failure;
	}

	public int attempts() {
		return this.attempts;
	}

}
