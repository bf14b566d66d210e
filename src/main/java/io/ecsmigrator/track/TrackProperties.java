package io.ecsmigrator.track;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How imports are followed ({@code migrator.track.*}).
 *
 * @param pollInterval time between two looks at the imports in flight
 * @param timeout how long {@code --wait} waits before it reports the imports still running and
 * stops (the next {@code import --wait} goes on following them)
 * @param notFoundGrace how long after its submission an image that DescribeImages does not list is
 * taken to be listed late; after it, its import task is asked, and an image whose task is not
 * running fails ({@code IMPORT_FAILED})
 */
@ConfigurationProperties("migrator.track")
public record TrackProperties(@DefaultValue("30s") Duration pollInterval, @DefaultValue("6h") Duration timeout,
		@DefaultValue("10m") Duration notFoundGrace) {
}
