package io.ecsmigrator.cloud;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the cloud is and how to talk to it ({@code migrator.ecs.*}, {@code migrator.oss.*},
 * {@code migrator.ram.*}, {@code migrator.retry.*}). Endpoints may hold {@code {region}}; a value
 * such as {@code http://127.0.0.1:8099} points every region at one local server (the sandbox).
 */
@ConfigurationProperties("migrator")
public record CloudProperties(@DefaultValue Ecs ecs, @DefaultValue Oss oss, @DefaultValue Ram ram,
		@DefaultValue Retry retry, Map<String, Double> rate) {

	/**
	 * @param rate calls per second of each API action in each region ({@code migrator.rate.ImportImage=5});
	 * an action not named is not paced
	 */
	@ConstructorBinding
	public CloudProperties {
		rate = (rate != null) ? Map.copyOf(rate) : Map.of();
	}

	public CloudProperties(Ecs ecs, Oss oss, Ram ram, Retry retry) {
		this(ecs, oss, ram, retry, Map.of());
	}

	public record Ecs(@DefaultValue("https://ecs.{region}.aliyuncs.com") String endpoint,
			@DefaultValue("5s") Duration connectTimeout, @DefaultValue("15s") Duration readTimeout) {
	}

	/** @param signatureVersion V4 (default; Alibaba is withdrawing V1) or V1 */
	public record Oss(@DefaultValue("https://oss-{region}.aliyuncs.com") String endpoint,
			@DefaultValue("V4") String signatureVersion, @DefaultValue("5s") Duration connectTimeout,
			@DefaultValue("15s") Duration readTimeout) {
	}

	public record Ram(@DefaultValue("https://ram.aliyuncs.com") String endpoint) {
	}

	/** @param maxAttempts attempts of a call in all, the first included */
	public record Retry(@DefaultValue("6") int maxAttempts, @DefaultValue("200ms") Duration base,
			@DefaultValue("20s") Duration max) {
	}

}
