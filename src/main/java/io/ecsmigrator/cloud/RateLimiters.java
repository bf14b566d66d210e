package io.ecsmigrator.cloud;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RateLimiter} per API action and region, shared by every thread of the run: ECS
 * counts each API's calls per region, so ImportImage in cn-hangzhou and in cn-shanghai have a
 * limit each. Actions without a configured rate are not paced.
 */
public final class RateLimiters {

	public static final RateLimiters NONE = new RateLimiters(Map.of());

	private final Map<String, RateLimit> rates;

	private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

	/**
	 * @param rates the limit by action, as the operator wrote it: {@code ImportImage=5} (calls per
	 * second) or {@code ImportImage=200/60s} (see {@link RateLimit})
	 * @throws IllegalArgumentException naming the setting whose value is not a rate
	 */
	public RateLimiters(Map<String, String> rates) {
		// keys as the operator wrote them (ImportImage, importimage): Spring's relaxed binding may lower them
		this.rates = rates.entrySet()
			.stream()
			.collect(java.util.stream.Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
					e -> parse(e.getKey(), e.getValue())));
	}

	private static RateLimit parse(String action, String value) {
		try {
			return RateLimit.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("migrator.rate." + action + ": " + ex.getMessage(), ex);
		}
	}

	/** The limiter of an action in a region, or {@code null} when the action is not paced. */
	public RateLimiter of(String action, String region) {
		RateLimit rate = limit(action);
		if (rate == null) {
			return null;
		}
		return this.limiters.computeIfAbsent(action + "@" + region, key -> RateLimiter.of(rate));
	}

	/** The configured limit of an action, or {@code null} when the action is not paced. */
	public RateLimit limit(String action) {
		return this.rates.get(action.toLowerCase(java.util.Locale.ROOT));
	}

}
