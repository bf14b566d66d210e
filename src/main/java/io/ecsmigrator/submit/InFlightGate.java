package io.ecsmigrator.submit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.Retrier;
import io.ecsmigrator.images.OwnImages;

/**
 * Caps the imports of this project running at once in a region. It counts them where they are:
 * in the cloud, as images with this project's tag still {@code Creating} or {@code Waiting}, so
 * imports of an earlier run (or another process) count too. Between two looks it adds the imports
 * it let through; at the cap, the caller waits and the gate looks again until some have ended.
 * Thread-safe; waiting in one region holds up no other.
 */
public class InFlightGate {

	private final OwnImages ownImages;

	private final int cap;

	private final Duration pollInterval;

	private final long runId;

	private final Map<String, long[]> running = new ConcurrentHashMap<>();

	public InFlightGate(CloudClients clients, Retrier retrier, int cap, Duration pollInterval, long runId) {
		this.ownImages = new OwnImages(clients, retrier);
		this.cap = cap;
		this.pollInterval = pollInterval;
		this.runId = runId;
	}

	/** Waits until the region has room for one more import, and takes it. */
	public void enter(String region) throws InterruptedException {
		long[] count = this.running.computeIfAbsent(region, r -> new long[] { -1 });
		synchronized (count) {
			if (count[0] < 0) {
				count[0] = importing(region);
			}
			while (count[0] >= this.cap) {
				Thread.sleep(this.pollInterval.toMillis());
				count[0] = importing(region);
			}
			count[0]++;
		}
	}

	/** An import that was let through did not start (it failed, or was deferred). */
	public void leave(String region) {
		long[] count = this.running.get(region);
		if (count != null) {
			synchronized (count) {
				if (count[0] > 0) {
					count[0]--;
				}
			}
		}
	}

	private long importing(String region) {
		return this.ownImages.count(new CallContext(this.runId, region, null), OwnImages.IMPORTING, true);
	}

}
