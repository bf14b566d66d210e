package io.ecsmigrator.cloud;

/**
 * What a cloud call is for, so its audit row says so.
 *
 * @param runId the run, or {@code null} outside one
 * @param region the region called, or {@code null} for a global API
 * @param imageLine the image (its first inventory line), or {@code null} for a call of the run
 */
public record CallContext(Long runId, String region, Integer imageLine) {

	public static final CallContext NONE = new CallContext(null, null, null);

	public static CallContext of(long runId, String region, int imageLine) {
		return new CallContext(runId, region, imageLine);
	}

}
