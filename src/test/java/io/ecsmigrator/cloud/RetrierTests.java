package io.ecsmigrator.cloud;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RetrierTests {

	private final List<Duration> waits = new ArrayList<>();

	private final Retrier retrier = new Retrier(4, Duration.ofMillis(100), Duration.ofSeconds(1), this.waits::add);

	private static ClientException throttled() {
		return new ClientException("Throttling.User", "Request was denied due to user flow control.", "R-1");
	}

	@Test
	void throttlingIsRetriedWithGrowingJitteredWaits() {
		AtomicInteger calls = new AtomicInteger();
		String result = this.retrier.call("ImportImage", false, () -> {
			if (calls.incrementAndGet() < 4) {
				throw throttled();
			}
			return "m-1";
		});
		assertThat(result).isEqualTo("m-1");
		assertThat(calls).hasValue(4);
		assertThat(this.waits).hasSize(3);
		assertThat(this.waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
		assertThat(this.waits.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
		assertThat(this.waits.get(2)).isBetween(Duration.ZERO, Duration.ofMillis(400));
	}

	@Test
	void giveUpAfterTheLastAttemptWithTheClassifiedFailure() {
		CloudCallException ex = catchThrowableOfType(CloudCallException.class,
				() -> this.retrier.call("DescribeImages", true, () -> {
					throw new ServerException("ServiceUnavailable", "The request has failed", "R-2");
				}));
		assertThat(ex.attempts()).isEqualTo(4);
		assertThat(ex.failure().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
		assertThat(ex.failure().requestId()).isEqualTo("R-2");
		assertThat(ex.getMessage()).contains("DescribeImages failed after 4 attempts", "ServiceUnavailable");
	}

	@Test
	void permanentAndQuotaFailuresAreNotRetried() {
		CloudCallException permanent = catchThrowableOfType(CloudCallException.class,
				() -> this.retrier.call("ImportImage", false, () -> {
					throw new ClientException("InvalidImageName.Malformed", "wrongly formed", "R-3");
				}));
		assertThat(permanent.attempts()).isEqualTo(1);
		assertThat(permanent.failure().errorClass()).isEqualTo(ErrorClass.PERMANENT);
		CloudCallException quota = catchThrowableOfType(CloudCallException.class,
				() -> this.retrier.call("ImportImage", false, () -> {
					throw new ClientException("QuotaExceed.Image", "The Image Quota exceeds.", "R-4");
				}));
		assertThat(quota.failure().errorClass()).isEqualTo(ErrorClass.QUOTA);
		assertThat(ErrorCatalogue.english().hint(quota.failure())).contains("quota");
		assertThat(this.waits).isEmpty();
	}

	@Test
	void anUnknownOutcomeIsRetriedOnlyForCallsThatChangeNothing() {
		AtomicInteger reads = new AtomicInteger();
		this.retrier.call("DescribeImages", true, () -> {
			if (reads.incrementAndGet() == 1) {
				throw new ClientException("SDK.ReadTimeout", "read timed out", new java.net.SocketTimeoutException("Read timed out"));
			}
			return 1;
		});
		assertThat(reads).hasValue(2);
		AtomicInteger writes = new AtomicInteger();
		CloudCallException ambiguous = catchThrowableOfType(CloudCallException.class,
				() -> this.retrier.call("ImportImage", false, () -> {
					writes.incrementAndGet();
					throw new ClientException("SDK.ReadTimeout", "read timed out",
							new java.net.SocketTimeoutException("Read timed out"));
				}));
		assertThat(writes).as("never blindly resent").hasValue(1);
		assertThat(ambiguous.failure().errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
	}

	@Test
	void waitsAreCapped() {
		for (int attempt = 2; attempt < 40; attempt++) {
			assertThat(this.retrier.waitBefore(attempt)).isLessThanOrEqualTo(Duration.ofSeconds(1));
		}
	}

	/**
	 * A stop asked during a backoff of an hour ends the call with its last failure, and sends no
	 * retry: had the wait ended by its time, a second attempt would have been sent.
	 */
	@Test
	@Timeout(60)
	void aStopAskedDuringABackoffEndsTheCallWithItsLastFailure() throws Exception {
		CountDownLatch stop = new CountDownLatch(1);
		Waits untilStopped = duration -> stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
		Retrier retrier = Retrier.standard(4, Duration.ofHours(1), Duration.ofHours(1), untilStopped, CallAudit.NONE,
				RateLimiters.NONE);
		AtomicInteger calls = new AtomicInteger();
		CountDownLatch firstAnswered = new CountDownLatch(1);
		CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> retrier.call("DescribeImages", true, () -> {
			calls.incrementAndGet();
			firstAnswered.countDown();
			throw new ServerException("ServiceUnavailable", "The request has failed", "R-9");
		}));
		firstAnswered.await();
		stop.countDown();
		ExecutionException ended = catchThrowableOfType(ExecutionException.class, call::get);
		assertThat(ended.getCause()).isInstanceOf(CloudCallException.class);
		CloudCallException failure = (CloudCallException) ended.getCause();
		assertThat(failure.attempts()).as("no retry after the stop").isEqualTo(1);
		assertThat(failure.failure().requestId()).isEqualTo("R-9");
		assertThat(calls).hasValue(1);
	}


	/** After a stop no call that changes the cloud is sent; reads still are (tracking, lookups). */
	@Test
	void afterAStopNoCallThatChangesTheCloudIsSent() {
		Waits stopped = new Waits() {

			@Override
			public boolean sleep(Duration duration) {
				return true;
			}

			@Override
			public boolean stopped() {
				return true;
			}

		};
		Retrier retrier = Retrier.standard(4, Duration.ofMillis(1), Duration.ofMillis(1), stopped, CallAudit.NONE,
				RateLimiters.NONE);
		AtomicInteger calls = new AtomicInteger();
		CloudCallException refused = catchThrowableOfType(CloudCallException.class,
				() -> retrier.call("ImportImage", false, () -> calls.incrementAndGet()));
		assertThat(refused.failure().code()).isEqualTo(CloudErrorCodes.INTERRUPTED);
		assertThat(refused.attempts()).isZero();
		assertThat(calls).as("ImportImage never sent").hasValue(0);
		assertThat(retrier.call("DescribeImages", true, () -> calls.incrementAndGet())).isEqualTo(1);
	}

	/**
	 * Every attempt of a paced action takes the run's shared limit after its process's own slot,
	 * with the configured limit and the run's waits; calls without a region or of an action without
	 * a rate take neither.
	 */
	@Test
	void eachAttemptOfAPacedActionTakesTheSharedLimitAfterItsOwn() {
		List<String> taken = new ArrayList<>();
		SharedRateLimits shared = (action, region, limit, waits) -> {
			taken.add(action + "@" + region + "@" + limit);
			return false;
		};
		Retrier retrier = Retrier.standard(3, Duration.ofMillis(1), Duration.ofMillis(1), Waits.UNTIL_TIME,
				CallAudit.NONE, new RateLimiters(java.util.Map.of("DescribeImages", "20")), shared);
		AtomicInteger calls = new AtomicInteger();
		retrier.call(new CallContext(null, "cn-hangzhou", null), "DescribeImages", true, () -> {
			if (calls.incrementAndGet() == 1) {
				throw throttled();
			}
			return "ok";
		});
		assertThat(taken).as("one per attempt").containsExactly("DescribeImages@cn-hangzhou@20/s",
				"DescribeImages@cn-hangzhou@20/s");
		retrier.call("DescribeImages", true, () -> "no region");
		retrier.call(new CallContext(null, "cn-hangzhou", null), "DescribeRegions", true, () -> "not paced");
		assertThat(taken).hasSize(2);
	}

	/** A stop that ends a wait in the shared limit ends the call: it is not sent, even a read. */
	@Test
	void aStopDuringTheSharedWaitSendsNothing() {
		SharedRateLimits stoppedWhileWaiting = (action, region, limit, waits) -> true;
		Retrier retrier = Retrier.standard(3, Duration.ofMillis(1), Duration.ofMillis(1), Waits.UNTIL_TIME,
				CallAudit.NONE, new RateLimiters(java.util.Map.of("DescribeImages", "20")), stoppedWhileWaiting);
		AtomicInteger calls = new AtomicInteger();
		CloudCallException stopped = catchThrowableOfType(CloudCallException.class,
				() -> retrier.call(new CallContext(null, "cn-hangzhou", null), "DescribeImages", true,
						() -> calls.incrementAndGet()));
		assertThat(stopped.failure().code()).isEqualTo(CloudErrorCodes.INTERRUPTED);
		assertThat(stopped.attempts()).isZero();
		assertThat(calls).hasValue(0);
		assertThat(Thread.currentThread().isInterrupted()).as("a stop is no interrupt").isFalse();
	}

	/**
	 * A call parked at its limiter for a slot ten minutes away is woken by the operator's stop and is
	 * not sent, a read no more than a write; the test's time limit fails a wait that ignores the stop.
	 */
	@Test
	@Timeout(60)
	void aStopWakesACallWaitingForItsSlotAndItIsNotSent() throws Exception {
		CountDownLatch stop = new CountDownLatch(1);
		CountDownLatch parked = new CountDownLatch(2);
		Waits untilStopped = new Waits() {

			@Override
			public boolean sleep(Duration duration) throws InterruptedException {
				parked.countDown();
				return stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
			}

			@Override
			public boolean stopped() {
				return stop.getCount() == 0;
			}

		};
		Retrier retrier = Retrier.standard(4, Duration.ofMillis(1), Duration.ofMillis(1), untilStopped, CallAudit.NONE,
				new RateLimiters(java.util.Map.of("ImportImage", "1/600s", "DescribeImages", "1/600s")));
		CallContext hangzhou = new CallContext(1L, "cn-hangzhou", null);
		AtomicInteger calls = new AtomicInteger();
		assertThat(retrier.call(hangzhou, "ImportImage", false, () -> calls.incrementAndGet())).isEqualTo(1);
		assertThat(retrier.call(hangzhou, "DescribeImages", true, () -> calls.incrementAndGet())).isEqualTo(2);
		ExecutorService callers = Executors.newFixedThreadPool(2);
		try {
			CompletableFuture<Integer> write = CompletableFuture.supplyAsync(
					() -> retrier.call(hangzhou, "ImportImage", false, () -> calls.incrementAndGet()), callers);
			CompletableFuture<Integer> read = CompletableFuture.supplyAsync(
					() -> retrier.call(hangzhou, "DescribeImages", true, () -> calls.incrementAndGet()), callers);
			parked.await();
			stop.countDown();
			for (CompletableFuture<Integer> call : List.of(write, read)) {
				ExecutionException ended = catchThrowableOfType(ExecutionException.class, call::get);
				CloudCallException notSent = (CloudCallException) ended.getCause();
				assertThat(notSent.failure().code()).isEqualTo(CloudErrorCodes.INTERRUPTED);
				assertThat(notSent.attempts()).isZero();
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(calls).as("neither sent").hasValue(2);
	}

}
