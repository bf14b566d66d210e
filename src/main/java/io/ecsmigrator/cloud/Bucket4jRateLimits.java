package io.ecsmigrator.cloud;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

/**
 * The limits shared by the processes of a distributed run through the PostgreSQL ledger, with
 * Bucket4j's PostgreSQL backend: one bucket per action, region and configured limit, a row of the
 * {@code rate_bucket} table (migration V8).
 * <p>
 * A bucket holds one token and refills it greedily at the limit's even pace ({@code 200/60s}
 * becomes one call each 300 ms, as {@link RateLimiter#of(RateLimit)} paces it): no burst, so any
 * window of W seconds holds at most {@code 1 + W x rate} calls over all processes, the issue's
 * tolerance of one call per second. A caller reserves its slot in one short transaction (the
 * bucket's row locked with {@code SELECT ... FOR UPDATE}, its state written back, committed: no
 * connection is held while it waits), then sleeps until the slot through the run's {@link Waits},
 * so that a stop of the run wakes it; a slot reserved and not used by a stopped caller is lost,
 * which only slows the others down. The limit is in the bucket's key, so a launch with another
 * setting starts a new bucket instead of inheriting the old pace.
 * <p>
 * Bucket4j's JDBC proxies read time from each JVM's wall clock
 * ({@code AbstractSelectForUpdateBasedProxyManager} injects {@code TimeMeter.SYSTEM_MILLISECONDS}),
 * so the hosts of a run need synchronized clocks (NTP): a host whose clock is ahead by d seconds
 * sees the bucket refilled d seconds early and may take its slots up to d seconds too soon.
 * <p>
 * Each reservation borrows a connection of the ledger's pool for that one transaction, on top of
 * any its caller holds (a preflight chunk holds one): pools are sized for both. A failure of the
 * database surfaces as Bucket4j's runtime {@code BucketExecutionException} with the
 * {@code SQLException} as cause, an infrastructure failure like any other of the ledger.
 * Thread-safe.
 */
public final class Bucket4jRateLimits implements SharedRateLimits {

	static final String TABLE = "rate_bucket";

	private final ProxyManager<String> buckets;

	private final Map<String, BucketProxy> proxies = new ConcurrentHashMap<>();

	/** @param dataSource the PostgreSQL ledger every process of the run shares */
	public Bucket4jRateLimits(DataSource dataSource) {
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table(TABLE)
			.build();
	}

	static String key(String action, String region, RateLimit limit) {
		return action + "@" + region + "@" + limit;
	}

	/** One token, refilled greedily at the limit's even pace: no burst. */
	static BucketConfiguration configuration(RateLimit limit) {
		Duration slot = Duration.ofNanos(Math.max(1, (long) (1e9 / limit.perSecondRate())));
		return BucketConfiguration.builder().addLimit(l -> l.capacity(1).refillGreedy(1, slot)).build();
	}

	@Override
	public boolean acquire(String action, String region, RateLimit limit, Waits waits) throws InterruptedException {
		BucketProxy bucket = this.proxies.computeIfAbsent(key(action, region, limit),
				key -> this.buckets.getProxy(key, () -> configuration(limit)));
		try {
			bucket.asBlocking().consume(1, new UntilStopped(waits));
			return false;
		}
		catch (StopAsked stop) {
			return true;
		}
	}

	/** Parks a reserved caller through the run's waits, which end early on a stop. */
	private record UntilStopped(Waits waits) implements BlockingStrategy {

		@Override
		public void park(long nanosToPark) throws InterruptedException {
			if (this.waits.sleep(Duration.ofNanos(nanosToPark))) {
				throw new StopAsked();
			}
		}

	}

	/**
	 * A stop, carried out of Bucket4j's park as the only exception it lets through; the thread's
	 * interrupt flag stays as it was, since nobody interrupted it.
	 */
	private static final class StopAsked extends InterruptedException {

		private static final long serialVersionUID = 1L;

	}

}
