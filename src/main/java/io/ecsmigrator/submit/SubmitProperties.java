package io.ecsmigrator.submit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How ImportImage is sent ({@code migrator.submit.*}).
 *
 * @param maxInFlightPerRegion imports of this project's that may be running at once in a region
 * @param chunkSize images per chunk (one transaction of results)
 * @param threads calls that may wait on the cloud at once: enough to keep the configured rate when
 * calls are slow (rate x latency)
 * @param quota the account's quotas per region, checked before each call
 * @param waitPollInterval how often a region at its in-flight cap is asked whether imports ended
 */
@ConfigurationProperties("migrator.submit")
public record SubmitProperties(@DefaultValue("100") int maxInFlightPerRegion, @DefaultValue("100") int chunkSize,
		@DefaultValue("16") int threads, @DefaultValue Quota quota, @DefaultValue("10s") Duration waitPollInterval) {

	/**
	 * The quotas of a region as the account's Quota Center shows them; 0 leaves the check to the
	 * API (its {@code QuotaExceed.*} answers still defer the region).
	 *
	 * @param images custom images a region may hold
	 * @param snapshots snapshots a region may hold (an imported image holds one per disk)
	 */
	public record Quota(@DefaultValue("0") int images, @DefaultValue("0") int snapshots) {
	}

}
