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

	private final Map<String, Double> rates;

	private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

	/** @param rates calls per second by action, e.g. {@code ImportImage=5} */
	public RateLimiters(Map<String, Double> rates) {
		// keys as the operator wrote them (ImportImage, importimage): Spring's relaxed binding may lower them
		this.rates = rates.entrySet()
			.stream()
			.collect(java.util.stream.Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
					Map.Entry::getValue));
	}

	/** The limiter of an action in a region, or {@code null} when the action is not paced. */
	public RateLimiter of(String action, String region) {
		Double rate = this.rates.get(action.toLowerCase(java.util.Locale.ROOT));
		if (rate == null || rate <= 0) {
			return null;
		}
		return this.limiters.computeIfAbsent(action + "@" + region, key -> RateLimiter.of(rate));
	}

}
