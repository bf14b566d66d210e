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
		@DefaultValue Retry retry, Map<String, String> rate, @DefaultValue QuotaCenter quotas) {

	/**
	 * @param rate the limit of each API action in each region, as calls per second
	 * ({@code migrator.rate.ImportImage=5}) or as Quota Center shows it
	 * ({@code migrator.rate.ImportImage=200/60s}, see {@link RateLimit}); an action not named is
	 * not paced
	 */
	@ConstructorBinding
	public CloudProperties {
		rate = (rate != null) ? Map.copyOf(rate) : Map.of();
		quotas = (quotas != null) ? quotas : new QuotaCenter(QuotaCenter.PUBLIC);
	}

	public CloudProperties(Ecs ecs, Oss oss, Ram ram, Retry retry) {
		this(ecs, oss, ram, retry, Map.of(), null);
	}

	/**
	 * @param endpoint the endpoint of every region ({@code {region}} is replaced by the region id)
	 * @param endpoints a region's own endpoint where it differs from the template (finance and
	 * government regions, a VPC endpoint): {@code migrator.ecs.endpoints.cn-shanghai-finance-1=…}
	 */
	public record Ecs(@DefaultValue("https://ecs.{region}.aliyuncs.com") String endpoint,
			@DefaultValue("5s") Duration connectTimeout, @DefaultValue("15s") Duration readTimeout,
			Map<String, String> endpoints) {

		@ConstructorBinding
		public Ecs {
			endpoints = (endpoints != null) ? Map.copyOf(endpoints) : Map.of();
		}

		public Ecs(String endpoint, Duration connectTimeout, Duration readTimeout) {
			this(endpoint, connectTimeout, readTimeout, Map.of());
		}

		/** The region's endpoint: its own if one is set, else the template's. */
		public Endpoint endpointOf(String region) {
			return Endpoint.of(this.endpoints.getOrDefault(region, this.endpoint), region);
		}

	}

	/**
	 * @param signatureVersion V4 (default; Alibaba is withdrawing V1) or V1
	 * @param endpoints a region's own endpoint where it differs from the template (a custom domain,
	 * or {@code https://oss-{region}-internal.aliyuncs.com} when the migrator runs on ECS in that
	 * region): {@code migrator.oss.endpoints.cn-hangzhou=…}
	 */
	public record Oss(@DefaultValue("https://oss-{region}.aliyuncs.com") String endpoint,
			@DefaultValue("V4") String signatureVersion, @DefaultValue("5s") Duration connectTimeout,
			@DefaultValue("15s") Duration readTimeout, Map<String, String> endpoints) {

		@ConstructorBinding
		public Oss {
			endpoints = (endpoints != null) ? Map.copyOf(endpoints) : Map.of();
		}

		public Oss(String endpoint, String signatureVersion, Duration connectTimeout, Duration readTimeout) {
			this(endpoint, signatureVersion, connectTimeout, readTimeout, Map.of());
		}

		/** The region's endpoint: its own if one is set, else the template's. */
		public Endpoint endpointOf(String region) {
			return Endpoint.of(this.endpoints.getOrDefault(region, this.endpoint), region);
		}

	}

	public record Ram(@DefaultValue("https://ram.aliyuncs.com") String endpoint) {
	}

	/** Quota Center ({@code quotas} API), global like RAM: where the account's quotas are read. */
	public record QuotaCenter(@DefaultValue(PUBLIC) String endpoint) {

		static final String PUBLIC = "https://quotas.aliyuncs.com";

	}

	/** @param maxAttempts attempts of a call in all, the first included */
	public record Retry(@DefaultValue("6") int maxAttempts, @DefaultValue("200ms") Duration base,
			@DefaultValue("20s") Duration max) {
	}

}
