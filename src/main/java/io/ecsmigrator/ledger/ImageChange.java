package io.ecsmigrator.ledger;

/**
 * What comes with a status change: the cloud's answer that caused it. Every field may be
 * {@code null}; a success has no error code.
 *
 * @param attempts cloud calls this change took, added to the image's count
 * @param taskStatus what the import task says of its end (status, and its message where it gives
 * one), or {@code null} when it was not asked
 */
public record ImageChange(String errorCode, String message, String hint, String requestId, String imageId,
		String importTaskId, int attempts, String taskStatus) {

	public ImageChange(String errorCode, String message, String hint, String requestId, String imageId,
			String importTaskId, int attempts) {
		this(errorCode, message, hint, requestId, imageId, importTaskId, attempts, null);
	}

	/** The same change, with what the import task said. */
	public ImageChange withTaskStatus(String taskStatus) {
		return new ImageChange(this.errorCode, this.message, this.hint, this.requestId, this.imageId,
				this.importTaskId, this.attempts, taskStatus);
	}

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
