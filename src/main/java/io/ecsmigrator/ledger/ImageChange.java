package io.ecsmigrator.ledger;

/**
 * What comes with a status change: the cloud's answer that caused it. Every field may be
 * {@code null}; a success has no error code.
 *
 * @param attempts cloud calls this change took, added to the image's count
 */
public record ImageChange(String errorCode, String message, String hint, String requestId, String imageId,
		String importTaskId, int attempts) {

	public static ImageChange ok() {
		return new ImageChange(null, null, null, null, null, null, 0);
	}

	public static ImageChange failed(String errorCode, String message, String hint, String requestId) {
		return new ImageChange(errorCode, message, hint, requestId, null, null, 0);
	}

	public static ImageChange imported(String imageId, String importTaskId, String requestId, int attempts) {
		return new ImageChange(null, null, null, requestId, imageId, importTaskId, attempts);
	}

}
