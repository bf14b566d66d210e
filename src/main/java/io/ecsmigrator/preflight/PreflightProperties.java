package io.ecsmigrator.preflight;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How preflight treats images left unchecked by a passing failure ({@code migrator.preflight.*}).
 *
 * @param sweeps passes over the images still unchecked after the others, in each launch; after the
 * last one the run ends with exit 4 and the same command checks them again
 * @param sweepPause the wait before each sweep, so that a burst of 5xx or a throttle window passes
 * (doubled at each further sweep)
 */
@ConfigurationProperties("migrator.preflight")
public record PreflightProperties(@DefaultValue("3") int sweeps, @DefaultValue("2s") Duration sweepPause) {

	public PreflightProperties {
		sweeps = Math.max(0, sweeps);
	}

}
