package io.ecsmigrator.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the sandbox was asked and did, so a test can prove, for instance, that no image was
 * created twice: calls per action, and ImportImage calls and created images per region and name.
 */
public final class SandboxCounters {

	private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> importCalls = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> createdImages = new ConcurrentHashMap<>();

	void call(String action) {
		this.calls.computeIfAbsent(action, a -> new LongAdder()).increment();
	}

	void importCalled(String region, String imageName) {
		this.importCalls.computeIfAbsent(key(region, imageName), k -> new LongAdder()).increment();
	}

	void imageCreated(String region, String imageName) {
		this.createdImages.computeIfAbsent(key(region, imageName), k -> new LongAdder()).increment();
	}

	public long calls(String action) {
		LongAdder count = this.calls.get(action);
		return (count != null) ? count.sum() : 0;
	}

	public long importCalls(String region, String imageName) {
		LongAdder count = this.importCalls.get(key(region, imageName));
		return (count != null) ? count.sum() : 0;
	}

	/** Images created per {@code region/name}: more than 1 anywhere is a duplicate import. */
	public Map<String, Long> createdImages() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.createdImages.forEach((key, count) -> snapshot.put(key, count.sum()));
		return snapshot;
	}

	public Map<String, Long> calls() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.calls.forEach((action, count) -> snapshot.put(action, count.sum()));
		return snapshot;
	}

	private static String key(String region, String imageName) {
		return region + "/" + imageName;
	}

}
