package io.ecsmigrator.submit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Hands items read in one order (the ledger's, inventory order) to senders region by region: each
 * region has senders of its own, up to {@code sendersPerRegion} at once, and the reader reads up to
 * {@code lookAhead} items ahead of the senders, kept in a queue per region. A region whose calls
 * wait (on its limiter, its in-flight gate, a look at its quota, a throttled retry) therefore holds
 * only its own senders: with one pool shared in reading order, the next image of a waiting region
 * took the free sender and the other regions' limiters passed slots with no caller, which the pace
 * never makes up. The reader waits only when it is {@code lookAhead} items ahead.
 * <p>
 * Feeding stops when {@code stopping} says so (items read and not sent are dropped: they stay in the
 * ledger for the next launch), and {@link #run} returns once every send begun has returned. Used by
 * one thread at a time.
 */
final class RegionFeed<T> {

	/** How often the reader looks at {@code stopping} while nothing wakes it. */
	private static final long STOP_CHECK_MILLIS = 200;

	private final int sendersPerRegion;

	private final int lookAhead;

	private final Function<T, String> regionOf;

	private final Executor senders;

	private final Object lock = new Object();

	private final Map<String, Deque<T>> queued = new LinkedHashMap<>();

	private final Map<String, Integer> sending = new LinkedHashMap<>();

	private int queuedCount;

	private int sendingCount;

	RegionFeed(int sendersPerRegion, int lookAhead, Function<T, String> regionOf, Executor senders) {
		this.sendersPerRegion = Math.max(1, sendersPerRegion);
		this.lookAhead = Math.max(1, lookAhead);
		this.regionOf = regionOf;
		this.senders = senders;
	}

	/**
	 * Reads every item and sends each on a sender thread, until the reader answers {@code null} or
	 * {@code stopping} says so; returns when every send begun has returned.
	 *
	 * @param send runs on a sender thread; what it throws is its own affair (catch it there)
	 */
	void run(Supplier<T> reader, Consumer<T> send, BooleanSupplier stopping) throws InterruptedException {
		boolean readAll = false;
		try {
			while (!stopping.getAsBoolean()) {
				T item = null;
				boolean room;
				synchronized (this.lock) {
					room = this.queuedCount < this.lookAhead;
				}
				if (!readAll && room) {
					item = reader.get(); // outside the lock: senders ending need it meanwhile
					readAll = (item == null);
				}
				synchronized (this.lock) {
					if (item != null) {
						this.queued.computeIfAbsent(this.regionOf.apply(item), r -> new ArrayDeque<>()).add(item);
						this.queuedCount++;
					}
					dispatch(send);
					if (readAll && this.queuedCount == 0) {
						break;
					}
					if (item == null && !dispatchable() && !stopping.getAsBoolean()) {
						// full or read to the end, and every region with items is at its senders: a send ending wakes
						this.lock.wait(STOP_CHECK_MILLIS);
					}
				}
			}
		}
		finally {
			synchronized (this.lock) {
				this.queued.clear();
				this.queuedCount = 0;
				while (this.sendingCount > 0) {
					this.lock.wait();
				}
			}
		}
	}

	/** Starts a send for every queued item whose region has a sender free. Holds the lock. */
	private void dispatch(Consumer<T> send) {
		for (Map.Entry<String, Deque<T>> region : this.queued.entrySet()) {
			Deque<T> items = region.getValue();
			while (!items.isEmpty() && this.sending.getOrDefault(region.getKey(), 0) < this.sendersPerRegion) {
				T item = items.poll();
				this.queuedCount--;
				this.sending.merge(region.getKey(), 1, Integer::sum);
				this.sendingCount++;
				String key = region.getKey();
				try {
					this.senders.execute(() -> {
						try {
							send.accept(item);
						}
						finally {
							ended(key);
						}
					});
				}
				catch (RuntimeException rejected) {
					ended(key);
					throw rejected;
				}
			}
		}
	}

	private void ended(String region) {
		synchronized (this.lock) {
			this.sending.merge(region, -1, Integer::sum);
			this.sendingCount--;
			this.lock.notifyAll();
		}
	}

	/** Some queued item's region has a sender free. Holds the lock. */
	private boolean dispatchable() {
		for (Map.Entry<String, Deque<T>> region : this.queued.entrySet()) {
			if (!region.getValue().isEmpty() && this.sending.getOrDefault(region.getKey(), 0) < this.sendersPerRegion) {
				return true;
			}
		}
		return false;
	}

}
