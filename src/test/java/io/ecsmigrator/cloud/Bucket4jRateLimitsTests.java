package io.ecsmigrator.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.zaxxer.hikari.HikariDataSource;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Rate limits shared by two "processes" (each a {@link Bucket4jRateLimits} on a connection pool of
 * its own) through one PostgreSQL ledger schema, migrated as the migrator migrates it.
 * <p>
 * The sharing is shown by a lower bound, not a speed: N calls of both processes at R/s cannot end
 * before (N-1)/R seconds if they share one bucket, while each process alone, with half the calls,
 * would be done in about half that time. The ceiling is the issue's: at most R+1 calls in any one
 * second (one call of tolerance for timing jitter). R is small (5/s) so that a thread woken a little
 * late on a busy machine does not crowd the next slot.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class Bucket4jRateLimitsTests {

	private static final int RATE = 5;

	private static final RateLimit LIMIT = RateLimit.perSecond(RATE);

	private static final int PER_PROCESS = 15;

	private static final int THREADS_PER_PROCESS = 3;

	/** Bucket4j's clock counts milliseconds, and a sleep may end up to a millisecond early. */
	private static final long CLOCK_MARGIN_NANOS = 10_000_000L;

	private static String url;

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@BeforeAll
	static void ledger() {
		TestDatabases.assumePostgres();
		url = TestDatabases.newPostgresSchema();
		Flyway.configure().dataSource(url, TestDatabases.postgresUser(), "").locations("classpath:db/migration")
			.load().migrate();
	}

	@AfterEach
	void close() {
		this.threads.shutdownNow();
		this.pools.forEach(HikariDataSource::close);
	}

	/** The ledger as one more process sees it: a pool of its own. */
	private HikariDataSource process() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(TestDatabases.postgresUser());
		pool.setMaximumPoolSize(THREADS_PER_PROCESS);
		this.pools.add(pool);
		return pool;
	}

	/** One call of the action in the region, as a process's thread makes it. */
	@FunctionalInterface
	private interface Caller {

		void call() throws Exception;

	}

	/** Runs each process's callers on threads of their own; returns when each call returned. */
	private List<Long> callFromBoth(Caller first, Caller second) throws Exception {
		List<Long> returned = Collections.synchronizedList(new ArrayList<>());
		List<Future<?>> running = new ArrayList<>();
		for (Caller process : List.of(first, second)) {
			for (int t = 0; t < THREADS_PER_PROCESS; t++) {
				running.add(this.threads.submit(() -> {
					for (int i = 0; i < PER_PROCESS / THREADS_PER_PROCESS; i++) {
						process.call();
						returned.add(System.nanoTime());
					}
					return null;
				}));
			}
		}
		for (Future<?> call : running) {
			call.get();
		}
		return returned;
	}

	/** The most of these instants in any one second. */
	private static int peakPerSecond(List<Long> instants) {
		List<Long> sorted = new ArrayList<>(instants);
		Collections.sort(sorted);
		int peak = 0;
		for (int first = 0, last = 0; last < sorted.size(); last++) {
			while (sorted.get(last) - sorted.get(first) >= 1_000_000_000L) {
				first++;
			}
			peak = Math.max(peak, last - first + 1);
		}
		return peak;
	}

	private static long lowerBoundNanos(int calls) {
		return (calls - 1) * 1_000_000_000L / RATE - CLOCK_MARGIN_NANOS;
	}

	@Test
	void twoProcessesShareOneBucketPerActionAndRegion() throws Exception {
		Bucket4jRateLimits first = new Bucket4jRateLimits(process());
		Bucket4jRateLimits second = new Bucket4jRateLimits(process());
		long started = System.nanoTime();
		List<Long> returned = callFromBoth(() -> first.acquire("DescribeImages", "cn-test-1", LIMIT, Waits.UNTIL_TIME),
				() -> second.acquire("DescribeImages", "cn-test-1", LIMIT, Waits.UNTIL_TIME));

		assertThat(returned).hasSize(2 * PER_PROCESS);
		assertThat(Collections.max(returned) - started).as("%d calls at %d/s over both processes", 2 * PER_PROCESS, RATE)
			.isGreaterThanOrEqualTo(lowerBoundNanos(2 * PER_PROCESS));
		assertThat(peakPerSecond(returned)).as("calls in any one second").isLessThanOrEqualTo(RATE + 1);
		assertThat(new JdbcTemplate(this.pools.get(0))
			.queryForList("SELECT id FROM " + Bucket4jRateLimits.TABLE + " WHERE id LIKE '%@cn-test-1@%'", String.class))
			.as("one bucket, named by action, region and limit")
			.containsExactly("DescribeImages@cn-test-1@5/s");
	}

	@Test
	void anotherRegionOrAnotherLimitIsAnotherBucket() throws Exception {
		Bucket4jRateLimits limits = new Bucket4jRateLimits(process());
		// each bucket's first token is there at once: none of these waits for another's calls
		for (String region : List.of("cn-test-2a", "cn-test-2b")) {
			assertThat(limits.acquire("ImportImage", region, RateLimit.parse("1/10m"), Waits.UNTIL_TIME)).isFalse();
		}
		assertThat(limits.acquire("ImportImage", "cn-test-2a", RateLimit.parse("2/10m"), Waits.UNTIL_TIME)).isFalse();
		assertThat(new JdbcTemplate(this.pools.get(0))
			.queryForList("SELECT id FROM " + Bucket4jRateLimits.TABLE + " WHERE id LIKE '%@cn-test-2%' ORDER BY id",
					String.class))
			.containsExactly("ImportImage@cn-test-2a@1/600s", "ImportImage@cn-test-2a@2/600s",
					"ImportImage@cn-test-2b@1/600s");
	}

	/**
	 * A caller whose slot is ten minutes away (another process took the one token) wakes when the
	 * run is asked to stop, and its call is not sent.
	 */
	@Test
	void aStopWakesACallerWaitingForItsSharedSlot() throws Exception {
		RateLimit slow = RateLimit.parse("1/10m");
		Bucket4jRateLimits other = new Bucket4jRateLimits(process());
		assertThat(other.acquire("ImportImage", "cn-test-3", slow, Waits.UNTIL_TIME)).as("the one token, at once")
			.isFalse();

		CountDownLatch stop = new CountDownLatch(1);
		CountDownLatch waiting = new CountDownLatch(1);
		Waits untilStopped = new Waits() {

			@Override
			public boolean sleep(Duration duration) throws InterruptedException {
				waiting.countDown();
				return stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
			}

			@Override
			public boolean stopped() {
				return stop.getCount() == 0;
			}

		};
		Retrier retrier = Retrier.standard(3, Duration.ofMillis(1), Duration.ofMillis(1), untilStopped, CallAudit.NONE,
				new RateLimiters(Map.of("ImportImage", "1/10m")), new Bucket4jRateLimits(process()));
		AtomicInteger sent = new AtomicInteger();
		Future<String> call = this.threads.submit(() -> retrier.call(new CallContext(null, "cn-test-3", null),
				"ImportImage", false, () -> "sent " + sent.incrementAndGet()));
		assertThat(waiting.await(2, TimeUnit.MINUTES)).as("waiting in the shared limit").isTrue();
		assertThat(call).isNotDone();

		stop.countDown();
		java.util.concurrent.ExecutionException ended = catchThrowableOfType(
				java.util.concurrent.ExecutionException.class, () -> call.get(2, TimeUnit.MINUTES));
		assertThat(ended.getCause()).isInstanceOf(CloudCallException.class);
		assertThat(((CloudCallException) ended.getCause()).failure().code()).isEqualTo(CloudErrorCodes.INTERRUPTED);
		assertThat(sent).as("not sent").hasValue(0);
	}

	/**
	 * End to end: two processes' clients, each with its own limiters and its own pool, call
	 * DescribeImages in one region of the sandbox over HTTP through their retriers; the sandbox,
	 * which sees every call, never counts more than the configured rate plus one in any second.
	 */
	@Test
	void theSandboxSeesTheConfiguredRateOverTwoProcessesCallingOneRegion() throws Exception {
		SandboxServer sandbox = SandboxCloud.start(Scenarios.scenario().region("cn-hangzhou").build());
		SandboxCloud.useCredentials("testAK", "testSecret");
		try {
			CloudProperties base = SandboxCloud.properties(sandbox, "V4", 3);
			CloudProperties paced = new CloudProperties(base.ecs(), base.oss(), base.ram(), base.retry(),
					Map.of("DescribeImages", String.valueOf(RATE)), base.quotas());
			CloudClients first = new CloudClients(paced, Waits.UNTIL_TIME, new Bucket4jRateLimits(process()));
			CloudClients second = new CloudClients(paced, Waits.UNTIL_TIME, new Bucket4jRateLimits(process()));
			// a fresh JVM's first SDK calls are held up after their slots (by the local limiter alone too: see
			// docs/distributed-mode-plan.md, section 6) and arrive bunched, which says nothing of the shared limit
			callFromBoth(() -> describeRegions(first), () -> describeRegions(second));
			long started = System.nanoTime();
			callFromBoth(() -> describeImages(first), () -> describeImages(second));
			long took = System.nanoTime() - started;
			first.destroy();
			second.destroy();

			assertThat(sandbox.counters().calls("DescribeImages", "cn-hangzhou")).isEqualTo(2 * PER_PROCESS);
			assertThat(sandbox.counters().peakRate("DescribeImages", "cn-hangzhou"))
				.as("DescribeImages in cn-hangzhou, in any one second, over both processes")
				.isLessThanOrEqualTo(RATE + 1);
			assertThat(took).isGreaterThanOrEqualTo(lowerBoundNanos(2 * PER_PROCESS));
		}
		finally {
			SandboxCloud.clearCredentials();
			sandbox.close();
		}
	}

	private static void describeRegions(CloudClients clients) throws Exception {
		clients.acs().getAcsResponse(clients.ecs(new DescribeRegionsRequest(), "cn-hangzhou"));
	}

	private static void describeImages(CloudClients clients) {
		clients.retrier()
			.call(new CallContext(null, "cn-hangzhou", null), "DescribeImages", true,
					() -> clients.acs().getAcsResponse(clients.ecs(new DescribeImagesRequest(), "cn-hangzhou")));
	}

}
