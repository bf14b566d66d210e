package io.ecsmigrator;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The migrator's own settings ({@code migrator.*}).
 *
 * @param dataDir where the embedded ledger, the log and reports go by default
 * @param progressInterval how often progress lines are printed when output is not a terminal
 */
@ConfigurationProperties("migrator")
public record MigratorProperties(@DefaultValue("./migrator-data") Path dataDir,
		@DefaultValue("5s") Duration progressInterval) {

	public Path reportsDir() {
		return this.dataDir.resolve("reports");
	}

}
