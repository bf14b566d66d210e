package io.ecsmigrator.sandbox;

/**
 * An error answer of the simulated cloud, as the real API would give it: ECS and RAM write it as
 * JSON, OSS as XML.
 */
class CloudError extends RuntimeException {

	private final int status;

	private final String code;

	/** More XML elements of an OSS error document, such as {@code <Endpoint>}. */
	private final String detail;

	CloudError(int status, String code, String message) {
		this(status, code, message, "");
	}

	CloudError(int status, String code, String message, String detail) {
		super(message);
		this.status = status;
		this.code = code;
		this.detail = detail;
	}

	String detail() {
		return this.detail;
	}

	int status() {
		return this.status;
	}

	String code() {
		return this.code;
	}

	static CloudError missing(String parameter) {
		return new CloudError(400, "MissingParameter", ("An input parameter \"%s\" that is mandatory for processing "
				+ "the request is not supplied.").formatted(parameter));
	}

}
