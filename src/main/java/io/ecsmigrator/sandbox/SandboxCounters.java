package io.ecsmigrator.sandbox;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What the sandbox was asked and did, so a test can prove, for instance, that no image was
 * created twice: calls per action, and ImportImage calls and created images per region and name.
 */
public final class SandboxCounters {

	private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> importCalls = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> createdImages = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> throttled = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();

	private final Map<String, RateWindow> rates = new ConcurrentHashMap<>();

	/** Per {@code region/action}: ECS counts each action's calls per region and account. */
	private final Map<String, RateWindow> regionalRates = new ConcurrentHashMap<>();

	private final LongSupplier nanos;

	public SandboxCounters() {
		this(System::nanoTime);
	}

	/** @param nanos a monotonic clock in nanoseconds; tests pass one they move by hand */
	SandboxCounters(LongSupplier nanos) {
		this.nanos = nanos;
	}

	/** The calls of the last second, to know the highest rate seen in any one-second window. */
	private static final class RateWindow {

		private final ArrayDeque<Long> times = new ArrayDeque<>();

		private int peak;

		synchronized void add(long nowNanos) {
			this.times.addLast(nowNanos);
			while (this.times.peekFirst() <= nowNanos - 1_000_000_000L) {
				this.times.pollFirst();
			}
			this.peak = Math.max(this.peak, this.times.size());
		}

		synchronized int peak() {
			return this.peak;
		}

	}

	private final Map<String, LongAdder> regionalCalls = new ConcurrentHashMap<>();

	/** An RPC call, with the region it named (RegionId). */
	void call(String action, String region) {
		long now = this.nanos.getAsLong();
		count(action, now);
		if (region != null) {
			this.regionalCalls.computeIfAbsent(key(region, action), k -> new LongAdder()).increment();
			this.regionalRates.computeIfAbsent(key(region, action), k -> new RateWindow()).add(now);
		}
	}

	void call(String action) {
		count(action, this.nanos.getAsLong());
	}

	private void count(String action, long now) {
		this.calls.computeIfAbsent(action, a -> new LongAdder()).increment();
		this.rates.computeIfAbsent(action, a -> new RateWindow()).add(now);
	}

	void throttled(String action) {
		this.throttled.computeIfAbsent(action, a -> new LongAdder()).increment();
	}

	/** @param kind ServiceUnavailable, InternalError, LostAnswer, or the code {@link SandboxServer#failNext} answers */
	void fault(String action, String kind) {
		this.faults.computeIfAbsent(action + " " + kind, a -> new LongAdder()).increment();
	}

	void importCalled(String region, String imageName) {
		this.importCalls.computeIfAbsent(key(region, imageName), k -> new LongAdder()).increment();
	}

	void imageCreated(String region, String imageName) {
		this.createdImages.computeIfAbsent(key(region, imageName), k -> new LongAdder()).increment();
	}

	/** Carries the import counts of a persisted sandbox over its restart. */
	void restore(Map<String, Long> importCalls, Map<String, Long> createdImages) {
		importCalls.forEach((key, count) -> this.importCalls.computeIfAbsent(key, k -> new LongAdder()).add(count));
		createdImages.forEach((key, count) -> this.createdImages.computeIfAbsent(key, k -> new LongAdder()).add(count));
	}

	Map<String, Long> importCallsSnapshot() {
		return snapshot(this.importCalls);
	}

	public long calls(String action) {
		LongAdder count = this.calls.get(action);
		return (count != null) ? count.sum() : 0;
	}

	/** Calls of an action that named this region. */
	public long calls(String action, String region) {
		LongAdder count = this.regionalCalls.get(key(region, action));
		return (count != null) ? count.sum() : 0;
	}

	public long importCalls(String region, String imageName) {
		LongAdder count = this.importCalls.get(key(region, imageName));
		return (count != null) ? count.sum() : 0;
	}

	/** Images created per {@code region/name}: more than 1 anywhere is a duplicate import. */
	public Map<String, Long> createdImages() {
		return snapshot(this.createdImages);
	}

	public Map<String, Long> calls() {
		return snapshot(this.calls);
	}

	/** Calls answered {@code Throttling.User}, per action. */
	public Map<String, Long> throttled() {
		return snapshot(this.throttled);
	}

	/** Injected faults per {@code action kind}, e.g. {@code ImportImage LostAnswer}. */
	public Map<String, Long> faults() {
		return snapshot(this.faults);
	}

	/** The most calls of an action seen in any one second (throttled calls included). */
	public int peakRate(String action) {
		RateWindow window = this.rates.get(action);
		return (window != null) ? window.peak() : 0;
	}

	/**
	 * The most calls of an action that named this region seen in any one second (throttled calls
	 * included): the figure ECS's per-region, per-action limit is about, summed over every process
	 * that called.
	 */
	public int peakRate(String action, String region) {
		RateWindow window = this.regionalRates.get(key(region, action));
		return (window != null) ? window.peak() : 0;
	}

	/** Everything, for the {@code /_sandbox/counters} endpoint. */
	public Map<String, Object> all() {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("calls", calls());
		all.put("callsByRegion", snapshot(this.regionalCalls));
		all.put("throttled", throttled());
		all.put("faults", faults());
		Map<String, Integer> peaks = new TreeMap<>();
		this.rates.forEach((action, window) -> peaks.put(action, window.peak()));
		all.put("peakCallsPerSecond", peaks);
		Map<String, Integer> regionalPeaks = new TreeMap<>();
		this.regionalRates.forEach((key, window) -> regionalPeaks.put(key, window.peak()));
		all.put("peakCallsPerSecondByRegion", regionalPeaks);
		all.put("importCalls", snapshot(this.importCalls));
		all.put("createdImages", createdImages());
		return all;
	}

	private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
		Map<String, Long> snapshot = new TreeMap<>();
		counters.forEach((key, count) -> snapshot.put(key, count.sum()));
		return snapshot;
	}

	private static String key(String region, String imageName) {
		return region + "/" + imageName;
	}

}
