package io.ecsmigrator.job;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a run stops when the operator asks ({@code migrator.shutdown.*}).
 *
 * @param grace after the first Ctrl-C, how long the run may take to stop cleanly: the calls already
 * sent get their answers, then the report and the summary are written. Past it the migrator stops
 * at once, as after a crash (the next launch reconciles what was left open).
 */
@ConfigurationProperties("migrator.shutdown")
public record ShutdownProperties(@DefaultValue("30s") Duration grace) {

}
