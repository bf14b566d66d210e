package io.ecsmigrator.cloud;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The limit of one API action in one region, as ECS counts it: {@code calls} in each window of
 * {@code window}. ECS's "API throttling" reference: every API operation has its own threshold per
 * region and account, shown by Quota Center as, for example, {@code 200/60s}; an action throttled
 * in window T may be called again from window T+1.
 * <p>
 * Written {@code 5} or {@code 2.5} (calls per second), {@code 5/s}, {@code 200/60s} or
 * {@code 200/1m}.
 */
public record RateLimit(double calls, Duration window) {

	private static final Pattern FORM = Pattern
		.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(\\d+)?\\s*([smh]))?\\s*");

	public RateLimit {
		if (calls <= 0 || window.isZero() || window.isNegative()) {
			throw new IllegalArgumentException("a rate limit needs calls > 0 in a window > 0");
		}
	}

	public static RateLimit perSecond(double calls) {
		return new RateLimit(calls, Duration.ofSeconds(1));
	}

	public static RateLimit parse(String text) {
		Matcher m = FORM.matcher(text);
		if (!m.matches()) {
			throw new IllegalArgumentException("'" + text + "' is not a rate: write calls per second (5), or calls "
					+ "per window as Quota Center shows them (200/60s, 200/1m)");
		}
		double calls = Double.parseDouble(m.group(1));
		if (m.group(3) == null) {
			return perSecond(calls);
		}
		long amount = (m.group(2) != null) ? Long.parseLong(m.group(2)) : 1;
		Duration window = switch (m.group(3)) {
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			default -> Duration.ofHours(amount);
		};
		return new RateLimit(calls, window);
	}

	/** The even pace that never puts more than {@link #calls} in one window. */
	public double perSecondRate() {
		return this.calls * 1e9 / this.window.toNanos();
	}

	@Override
	public String toString() {
		return (this.window.equals(Duration.ofSeconds(1))) ? formatted(this.calls) + "/s"
				: formatted(this.calls) + "/" + this.window.toSeconds() + "s";
	}

	private static String formatted(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.valueOf(value);
	}

}
