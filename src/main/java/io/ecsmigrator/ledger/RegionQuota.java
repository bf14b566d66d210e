package io.ecsmigrator.ledger;

/**
 * The quotas a run's submit step keeps a region within, with where each number came from.
 *
 * @param images custom images the region may hold; 0: not checked before the call
 * @param imagesSource {@code Quota Center}, or the setting that gave the number
 * @param snapshots snapshots the region may hold; 0: not checked before the call
 * @param snapshotsSource the setting that gave the number
 */
public record RegionQuota(String region, long images, String imagesSource, long snapshots, String snapshotsSource) {

	public static final String QUOTA_CENTER = "Quota Center";

	public static final String UNCHECKED = "unchecked";

}
