package io.ecsmigrator.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** The limiter on a virtual clock: waits advance the clock instead of sleeping. */
class RateLimiterTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private RateLimiter limiter(double limit, double floor) {
		// a wait moves the clock to the end of the wait; the latest thread to wake sets it
		return new RateLimiter(limit, floor, this.now::get, nanos -> this.now.accumulateAndGet(this.now.get() + nanos, Math::max));
	}

	@Test
	void slotsAreSpacedByTheRate() throws Exception {
		RateLimiter limiter = limiter(10, 1);
		List<Long> slots = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			limiter.acquire();
			slots.add(this.now.get());
		}
		double seconds = (slots.get(20) - slots.get(0)) / 1e9;
		assertThat(20 / seconds).isCloseTo(10.0, within(0.01));
	}

	@Test
	void slowCallsOverlapSoTheRateIsStillReached() throws Exception {
		// 10/s with every call taking 500 ms: slots do not wait for calls to return
		RateLimiter limiter = RateLimiter.of(10);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		int calls = 20;
		CountDownLatch done = new CountDownLatch(calls);
		long start = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			pool.submit(() -> {
				try {
					limiter.acquire();
					Thread.sleep(500); // the call
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				done.countDown();
			});
		}
		assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		pool.shutdown();
		double seconds = (System.nanoTime() - start) / 1e9;
		// serialised calls would take 10 s; 20 slots at 10/s take 1.9 s, plus the last call's 0.5 s
		assertThat(seconds).as("calls overlap").isLessThan(6.0);
	}

	@Test
	void throttlingCutsTheRateToAFloorAndCalmRaisesItBack() {
		RateLimiter limiter = limiter(10, 2);
		limiter.throttled();
		assertThat(limiter.rate()).isCloseTo(7.0, within(1e-9));
		for (int i = 0; i < 20; i++) {
			limiter.throttled();
		}
		assertThat(limiter.rate()).isEqualTo(2.0);
		limiter.answered();
		assertThat(limiter.rate()).as("not within a second of the last throttling").isEqualTo(2.0);
		this.now.addAndGet(RateLimiter.CALM.toNanos());
		for (int i = 0; i < 100; i++) {
			limiter.answered();
		}
		assertThat(limiter.rate()).as("back up, never past the limit").isEqualTo(10.0);
	}

	@Test
	void aSlowerRateSpacesSlotsWider() throws Exception {
		RateLimiter limiter = limiter(10, 1);
		limiter.throttled();
		limiter.acquire();
		long first = this.now.get();
		limiter.acquire();
		assertThat((this.now.get() - first) / 1e9).isCloseTo(1 / 7.0, within(1e-6));
	}

	@Test
	void aFloorAboveTheLimitIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> limiter(5, 6));
	}

	@Test
	void aThrottledCallOfAMinuteLimitWaitsForTheNextMinute() throws Exception {
		// the wall clock reads 10:00:45.000; ECS accepts the action again from 10:01:00
		long wall = 36_045_000L;
		RateLimiter limiter = new RateLimiter(2, 0.5, this.now::get,
				nanos -> this.now.accumulateAndGet(this.now.get() + nanos, Math::max), 60_000,
				() -> wall + (this.now.get() - 1_000_000_000L) / 1_000_000);
		limiter.acquire();
		long before = this.now.get();
		limiter.throttled();
		limiter.acquire();
		assertThat((this.now.get() - before) / 1e9).as("seconds to the next window").isCloseTo(15.0, within(0.01));
	}

	@Test
	void aThrottledCallOfAPerSecondLimitOnlySlowsDown() throws Exception {
		RateLimiter limiter = limiter(10, 1);
		limiter.acquire();
		long before = this.now.get();
		limiter.throttled();
		limiter.acquire();
		assertThat((this.now.get() - before) / 1e9).isLessThan(0.2);
	}

	/**
	 * A caller parked for a slot ten minutes away (1 call per 600 s) is woken by the operator's stop,
	 * and told so: it makes no call. The test's time limit is what fails the wait that ignores it.
	 */
	@Test
	@Timeout(60)
	void aStopWakesACallerWaitingForItsSlot() throws Exception {
		RateLimiter limiter = RateLimiter.of(RateLimit.parse("1/600s"));
		CountDownLatch stop = new CountDownLatch(1);
		CountDownLatch parked = new CountDownLatch(1);
		Waits untilStopped = duration -> {
			parked.countDown();
			return stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
		};
		assertThat(limiter.acquire(untilStopped)).as("the first slot is now").isFalse();
		CompletableFuture<Boolean> second = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			try {
				second.complete(limiter.acquire(untilStopped));
			}
			catch (Throwable ex) {
				second.completeExceptionally(ex);
			}
		});
		caller.start();
		parked.await();
		assertThat(second).as("ten minutes to its slot").isNotDone();
		stop.countDown();
		assertThat(second.get()).as("woken by the stop").isTrue();
	}

}
