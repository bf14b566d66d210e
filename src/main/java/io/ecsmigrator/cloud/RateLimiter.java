package io.ecsmigrator.cloud;

import java.time.Duration;

/**
 * The pace of one API in one region: a token bucket without burst that hands out time slots, so
 * calls overlap. A thread waits only for its slot, not for the calls before it to return, so at
 * 500 ms latency and 10/s the achieved rate is still 10/s as long as enough threads call.
 * <p>
 * It adapts: a {@code Throttling*} answer cuts the rate (multiplicatively, not below a floor), and
 * calls answered without throttling for a while raise it again (additively, up to the configured
 * limit), so the job runs at the account's real limit without tripping it into failures.
 * <p>
 * A limit counted in windows longer than a second ({@code 200/60s}) is kept as its even pace, and a
 * {@code Throttling*} answer also holds every call until the next window starts: ECS accepts an
 * action throttled in window T again from window T+1 (its "API throttling" reference), so calls
 * before then would only burn retries. Windows are aligned to the wall clock (minute T is a
 * calendar minute), which is why the limiter also reads the wall clock.
 * Thread-safe.
 */
public final class RateLimiter {

	/** How a thread waits; tests pass a fake that only advances their clock. */
	@FunctionalInterface
	public interface Sleeper {

		void sleepNanos(long nanos) throws InterruptedException;

	}

	/** A source of nanoseconds, monotonic. */
	@FunctionalInterface
	public interface Ticker {

		long nanos();

	}

	static final double DECREASE = 0.7;

	static final Duration CALM = Duration.ofSeconds(1);

	private final double limit;

	private final double floor;

	private final Ticker ticker;

	private final Sleeper sleeper;

	/** Window length in milliseconds after which a throttled action is accepted again; 0: none. */
	private final long windowMillis;

	private final java.util.function.LongSupplier wallMillis;

	private double rate;

	private long nextSlot;

	private long lastThrottled = Long.MIN_VALUE / 2;

	/**
	 * @param limit the configured calls per second
	 * @param floor the lowest rate throttling may push it to
	 */
	public RateLimiter(double limit, double floor, Ticker ticker, Sleeper sleeper) {
		this(limit, floor, ticker, sleeper, 0, () -> 0);
	}

	/**
	 * @param windowMillis the window of the limit when it is longer than a second (0: per second),
	 * whose next start a throttled call waits for
	 * @param wallMillis the wall clock, in milliseconds since the epoch, that windows align to
	 */
	public RateLimiter(double limit, double floor, Ticker ticker, Sleeper sleeper, long windowMillis,
			java.util.function.LongSupplier wallMillis) {
		if (limit <= 0 || floor <= 0 || floor > limit) {
			throw new IllegalArgumentException("need 0 < floor <= limit, got floor " + floor + ", limit " + limit);
		}
		this.limit = limit;
		this.floor = floor;
		this.ticker = ticker;
		this.sleeper = sleeper;
		this.windowMillis = windowMillis;
		this.wallMillis = wallMillis;
		this.rate = limit;
		this.nextSlot = ticker.nanos();
	}

	public static RateLimiter of(double limit) {
		return of(RateLimit.perSecond(limit));
	}

	public static RateLimiter of(RateLimit limit) {
		double perSecond = limit.perSecondRate();
		long window = limit.window().toMillis();
		return new RateLimiter(perSecond, Math.min(perSecond, Math.max(0.2, perSecond / 20)), System::nanoTime,
				nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)), (window > 1000) ? window : 0,
				System::currentTimeMillis);
	}

	/** Waits for this call's slot. */
	public void acquire() throws InterruptedException {
		long wait = reserve();
		if (wait > 0) {
			this.sleeper.sleepNanos(wait);
		}
	}

	/**
	 * Waits for this call's slot through {@code waits}, so that the operator's stop ends the wait: at
	 * {@code 200/60s}, or in the window after a {@code Throttling} answer, a slot may be seconds or a
	 * minute away, and a caller parked for it would hold the shutdown up that long.
	 *
	 * @return whether the run was stopped while the caller waited: its slot goes unused, and it makes
	 * no call
	 */
	public boolean acquire(Waits waits) throws InterruptedException {
		long wait = reserve();
		return wait > 0 && waits.sleep(Duration.ofNanos(wait));
	}

	/** Takes the next slot; returns the nanoseconds until it. */
	private long reserve() {
		long slot;
		synchronized (this) {
			long now = this.ticker.nanos();
			slot = Math.max(now, this.nextSlot);
			this.nextSlot = slot + (long) (1e9 / this.rate);
		}
		return slot - this.ticker.nanos();
	}

	/** The call was answered {@code Throttling*}: slow down. */
	public synchronized void throttled() {
		this.rate = Math.max(this.floor, this.rate * DECREASE);
		this.lastThrottled = this.ticker.nanos();
		if (this.windowMillis > 0) {
			long untilNextWindow = this.windowMillis - Math.floorMod(this.wallMillis.getAsLong(), this.windowMillis);
			this.nextSlot = Math.max(this.nextSlot, this.lastThrottled + untilNextWindow * 1_000_000L);
		}
	}

	/** The call was answered without throttling: after a calm second, speed up again. */
	public synchronized void answered() {
		if (this.rate < this.limit && this.ticker.nanos() - this.lastThrottled >= CALM.toNanos()) {
			this.rate = Math.min(this.limit, this.rate + this.limit * 0.05);
		}
	}

	public synchronized double rate() {
		return this.rate;
	}

	public double limit() {
		return this.limit;
	}

}
