package io.ecsmigrator.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults a scenario injects, decided per call from the scenario's seed, the action and the
 * call's number for that action, so that a failing run can be replayed.
 */
final class Faults {

	private final Scenario.Faults settings;

	private final long seed;

	private final Map<String, AtomicLong> callNumbers = new ConcurrentHashMap<>();

	private final Map<String, long[]> windows = new ConcurrentHashMap<>();

	/** OSS requests in the order received, and the requests left in the burst under way. */
	private final long[] ossBurst = new long[3];

	Faults(Scenario scenario) {
		this.settings = scenario.faults();
		this.seed = scenario.seed();
	}

	/** What happens to one call. */
	enum Fate {

		ANSWER, THROTTLE, SERVER_ERROR, UNAVAILABLE, LOSE_ANSWER

	}

	/**
	 * @param action the API action, e.g. {@code ImportImage} or {@code OSS.HeadObject}
	 * @param region the region the call names, or {@code null}: ECS limits each region apart
	 * @param nowMillis the time of the call, for the rate limits' windows
	 */
	Fate fate(String action, String region, long nowMillis) {
		if (overRate(action, region, nowMillis)) {
			return Fate.THROTTLE;
		}
		long n = this.callNumbers.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
		double draw = uniform(action, n);
		double errorRate = this.settings.errorRate();
		if (draw < errorRate) {
			return (draw < errorRate / 2) ? Fate.UNAVAILABLE : Fate.SERVER_ERROR;
		}
		if (action.equals("ImportImage") && uniform(action + "/lost", n) < this.settings.lostResponseRate()) {
			return Fate.LOSE_ANSWER;
		}
		return Fate.ANSWER;
	}

	/**
	 * Whether this OSS request falls in a burst of 503s, and with which code: OSS documents both
	 * {@code SlowDown} ("Please reduce your request rate") and {@code ServiceUnavailable} as 503.
	 * Returns {@code null} outside a burst.
	 */
	String ossBurst() {
		Scenario.Burst burst = this.settings.ossBurst();
		if (!burst.enabled()) {
			return null;
		}
		long n;
		long burstNumber;
		synchronized (this.ossBurst) {
			n = ++this.ossBurst[0];
			if (burst.every() > 0) {
				if (n < burst.every() || n % burst.every() >= burst.length()) {
					return null;
				}
				burstNumber = n / burst.every();
			}
			else {
				if (this.ossBurst[1] == 0 && uniform("oss/burst", n) < burst.rate()) {
					this.ossBurst[1] = burst.length();
					this.ossBurst[2]++;
				}
				if (this.ossBurst[1] == 0) {
					return null;
				}
				this.ossBurst[1]--;
				burstNumber = this.ossBurst[2];
			}
		}
		return (uniform("oss/burst-code", burstNumber) < 0.5) ? "SlowDown" : "ServiceUnavailable";
	}

	/** A HEAD answered 503 with no body and no {@code x-oss-err}, by the HEAD's number. */
	boolean bodilessHead() {
		long n = this.callNumbers.computeIfAbsent("OSS.HEAD/bodiless", a -> new AtomicLong()).incrementAndGet();
		return uniform("oss/bodiless", n) < this.settings.ossBodilessHeadRate();
	}

	/** An RPC call answered by a gateway's HTML 502, by the call's number across actions. */
	boolean gatewayError() {
		long n = this.callNumbers.computeIfAbsent("RPC/gateway", a -> new AtomicLong()).incrementAndGet();
		return uniform("rpc/gateway", n) < this.settings.gatewayErrorRate();
	}

	int latencyMillis(boolean oss) {
		return oss ? this.settings.ossLatencyMillis() : this.settings.ecsLatencyMillis();
	}

	int lateResponseMillis() {
		return this.settings.lateResponseMillis();
	}

	/**
	 * Fixed windows per action and region, as ECS throttles "per API, per region, per account":
	 * one-second windows of {@code rateLimits}, and the longer windows of {@code rateWindows}
	 * ("throttled in minute T, callable again at T+1"). Every call counts in every window.
	 */
	private boolean overRate(String action, String region, long nowMillis) {
		String scope = action + "@" + region;
		Integer perSecond = this.settings.rateLimits().get(action);
		boolean over = perSecond != null && overWindow(scope, 1, perSecond, nowMillis);
		Scenario.RateWindow window = this.settings.rateWindow(action);
		if (window != null) {
			over |= overWindow(scope + "/" + window.seconds() + "s", window.seconds(), window.calls(), nowMillis);
		}
		return over;
	}

	private boolean overWindow(String key, int seconds, int limit, long nowMillis) {
		long index = nowMillis / (seconds * 1000L);
		long[] window = this.windows.computeIfAbsent(key, a -> new long[2]);
		synchronized (window) {
			if (window[0] != index) {
				window[0] = index;
				window[1] = 0;
			}
			return ++window[1] > limit;
		}
	}

	/** A number in [0, 1) from the seed, the stream and the call number (SplitMix64). */
	private double uniform(String stream, long n) {
		long z = this.seed ^ (stream.hashCode() * 0x9E3779B97F4A7C15L) ^ (n * 0xBF58476D1CE4E5B9L);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		z = z ^ (z >>> 31);
		return (z >>> 11) * 0x1.0p-53;
	}

}
