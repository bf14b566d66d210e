package io.ecsmigrator.submit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegionFeedTests {

	/** Only a guard against a hung test; no assertion depends on how long anything takes. */
	private static final long HUNG = 60;

	private final ExecutorService pool = Executors.newCachedThreadPool();

	@AfterEach
	void stop() {
		this.pool.shutdownNow();
	}

	@Test
	void aRegionWhoseSendsWaitHoldsUpNoOtherRegion() throws Exception {
		// inventory order: a, b, a, b, ...; every send in a waits until b is done
		List<String> items = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			items.add("a" + i);
			items.add("b" + i);
		}
		CountDownLatch bDone = new CountDownLatch(40);
		List<String> sent = Collections.synchronizedList(new ArrayList<>());
		RegionFeed<String> feed = new RegionFeed<>(4, 64, item -> item.substring(0, 1), this.pool);
		Thread feeding = feeding(feed, reader(items), item -> {
			if (item.startsWith("a")) {
				await(bDone);
			}
			sent.add(item);
			if (item.startsWith("b")) {
				bDone.countDown();
			}
		});
		feeding.join(TimeUnit.SECONDS.toMillis(HUNG));
		assertThat(feeding.isAlive()).isFalse();
		// b's 40 went while a's senders (4 of them) all waited; then a's went too
		assertThat(sent).hasSize(80);
		assertThat(sent.subList(0, 40)).allMatch(item -> item.startsWith("b"));
	}

	@Test
	void eachRegionHasAtMostItsSendersAtOnce() throws Exception {
		List<String> items = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			items.add(((i % 3 == 0) ? "a" : (i % 3 == 1) ? "b" : "c") + i);
		}
		Map<String, AtomicInteger> now = new ConcurrentHashMap<>();
		Map<String, AtomicInteger> most = new ConcurrentHashMap<>();
		AtomicInteger sent = new AtomicInteger();
		RegionFeed<String> feed = new RegionFeed<>(3, 10, item -> item.substring(0, 1), this.pool);
		Thread feeding = feeding(feed, reader(items), item -> {
			String region = item.substring(0, 1);
			int at = now.computeIfAbsent(region, r -> new AtomicInteger()).incrementAndGet();
			most.computeIfAbsent(region, r -> new AtomicInteger()).accumulateAndGet(at, Math::max);
			Thread.yield();
			now.get(region).decrementAndGet();
			sent.incrementAndGet();
		});
		feeding.join(TimeUnit.SECONDS.toMillis(HUNG));
		assertThat(feeding.isAlive()).isFalse();
		assertThat(sent).hasValue(60);
		assertThat(most.values()).allSatisfy(n -> assertThat(n.get()).isBetween(1, 3));
	}

	@Test
	void aStopEndsTheFeedingAndWaitsForTheSendsBegun() throws Exception {
		List<String> items = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			items.add("a" + i);
		}
		AtomicInteger begun = new AtomicInteger();
		AtomicInteger ended = new AtomicInteger();
		RegionFeed<String> feed = new RegionFeed<>(2, 4, item -> "a", this.pool);
		feed.run(reader(items), item -> {
			begun.incrementAndGet();
			ended.incrementAndGet();
		}, () -> begun.get() >= 10);
		// run returned: every send begun has ended, and feeding stopped soon after the tenth
		assertThat(ended.get()).isEqualTo(begun.get());
		assertThat(begun.get()).isBetween(10, 10 + 2);
	}

	private Thread feeding(RegionFeed<String> feed, Supplier<String> reader,
			java.util.function.Consumer<String> send) {
		Thread thread = new Thread(() -> {
			try {
				feed.run(reader, send, () -> false);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		thread.start();
		return thread;
	}

	private static Supplier<String> reader(List<String> items) {
		Iterator<String> next = items.iterator();
		return () -> next.hasNext() ? next.next() : null;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(HUNG, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
