package io.ecsmigrator.submit;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How ImportImage is sent ({@code migrator.submit.*}).
 *
 * @param maxInFlightPerRegion imports of this project's that may be running at once in a region
 * @param quotaLookEvery results between two looks of the quota guard at a region's images (each
 * result commits on its own; there is no chunk)
 * @param threads calls that may wait on the cloud at once in each region: enough to keep the
 * configured rate when calls are slow (rate x latency); each region has its own, so a region that
 * waits holds up no other
 * @param quota the account's quotas per region, checked before each call
 * @param waitPollInterval how often a region at its in-flight cap is asked whether imports ended
 */
@ConfigurationProperties("migrator.submit")
public record SubmitProperties(@DefaultValue("1000") int maxInFlightPerRegion, @DefaultValue("100") int quotaLookEvery,
		@DefaultValue("32") int threads, @DefaultValue Quota quota, @DefaultValue("10s") Duration waitPollInterval) {

	/**
	 * The quotas of the account's regions. Each region's custom-image quota is read from Quota
	 * Center where the key may ({@code fromQuotaCenter}); otherwise, and for snapshots, the region's
	 * own setting counts, then the account-wide one; 0 leaves the check to the API (its
	 * {@code QuotaExceed.*} answers still defer the region).
	 *
	 * @param images custom images every region may hold
	 * @param snapshots snapshots every region may hold (an imported image holds one per disk)
	 * @param regions a region's own quotas ({@code migrator.submit.quota.regions.cn-hangzhou.images=500})
	 * @param fromQuotaCenter read each region's custom-image quota from Quota Center first
	 */
	public record Quota(@DefaultValue("0") int images, @DefaultValue("0") int snapshots,
			Map<String, RegionLimits> regions, @DefaultValue("true") boolean fromQuotaCenter) {

		@ConstructorBinding
		public Quota {
			regions = (regions != null) ? Map.copyOf(regions) : Map.of();
		}

		/** The same quotas in every region, from the settings only. */
		public Quota(int images, int snapshots) {
			this(images, snapshots, Map.of(), false);
		}

	}

	/**
	 * @param images custom images the region may hold (0: the account-wide setting)
	 * @param snapshots snapshots the region may hold (0: the account-wide setting)
	 */
	public record RegionLimits(@DefaultValue("0") int images, @DefaultValue("0") int snapshots) {
	}

}
