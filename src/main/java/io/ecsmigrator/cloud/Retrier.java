package io.ecsmigrator.cloud;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a cloud call, retrying what is safe to retry: transient failures always, failures with an
 * unknown outcome only for calls that change nothing. Waits grow exponentially with full jitter,
 * so that many threads throttled at once do not come back at once. The SDKs' own retries stay off:
 * the ECS SDK's never retries {@code Throttling}, and two layers of retry multiply.
 * <p>
 * The project's own loop, not Spring Framework 7's {@code org.springframework.core.retry.RetryTemplate}:
 * each attempt, the first included, takes a slot of the adaptive rate limiter and tells it how the
 * call went, and is audited with its number, duration and request id (a {@code RetryListener} sees
 * only the retries); whether to retry follows the classified failure and the call's idempotency (an
 * ambiguous write is never resent here); and the waits use full jitter, a random wait up to the
 * exponential bound, where {@code RetryPolicy}'s jitter only varies each delay around its value and
 * never below the base delay.
 * <p>
 * In distributed mode an attempt then also waits for its turn under the limit shared by every
 * process of the run ({@link SharedRateLimits}): the local adaptive limiter slows this process
 * down on {@code Throttling*}, the shared one keeps the sum of all processes within the configured
 * rate. A stop of the run wakes a caller waiting there, and the call is not sent.
 */
public final class Retrier {

	/** One cloud call. */
	@FunctionalInterface
	public interface Call<T> {

		T run() throws Exception;

	}

	/** How a thread waits; tests replace it so as not to sleep. */
	@FunctionalInterface
	public interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

	private final int maxAttempts;

	private final Duration base;

	private final Duration max;

	private final Waits waits;

	private final CallAudit audit;

	private final RateLimiters limiters;

	private final SharedRateLimits sharedLimits;

	/**
	 * @param maxAttempts attempts in all, the first included
	 * @param base the first wait's upper bound; each retry doubles it
	 * @param max the longest wait
	 */
	public Retrier(int maxAttempts, Duration base, Duration max, Sleeper sleeper) {
		this(maxAttempts, base, max, CallAudit.NONE, RateLimiters.NONE, SharedRateLimits.NONE, untilTime(sleeper));
	}


	/** @param limiters the pace of each action in each region, kept by every attempt */
	public Retrier(int maxAttempts, Duration base, Duration max, Sleeper sleeper, CallAudit audit,
			RateLimiters limiters) {
		this(maxAttempts, base, max, audit, limiters, SharedRateLimits.NONE, untilTime(sleeper));
	}

	/**
	 * @param waits how the backoffs and the limiters' waits are slept; a stop asked during a backoff
	 * ends the call with its last failure, one asked during a wait for a slot ends it unsent
	 */
	private Retrier(int maxAttempts, Duration base, Duration max, CallAudit audit, RateLimiters limiters,
			SharedRateLimits sharedLimits, Waits waits) {
		this.maxAttempts = Math.max(1, maxAttempts);
		this.base = base;
		this.max = max;
		this.waits = waits;
		this.audit = audit;
		this.limiters = limiters;
		this.sharedLimits = sharedLimits;
	}

	/** Attempts of a call in all, the first included. */
	/** Whether the run was asked to stop: a caller then writes no intent for a call that would not be sent. */
	public boolean stopped() {
		return this.waits.stopped();
	}

	public int maxAttempts() {
		return this.maxAttempts;
	}

	public static Retrier standard(int maxAttempts, Duration base, Duration max, CallAudit audit,
			RateLimiters limiters) {
		return standard(maxAttempts, base, max, Waits.UNTIL_TIME, audit, limiters);
	}

	/**
	 * @param waits how the backoffs and the limiters' waits are slept: the run's stopper, so that a stop
	 * wakes them; a stop asked during a backoff ends the call with its last failure, one asked during a
	 * wait for a slot ends it unsent ({@code CloudErrorCodes.INTERRUPTED})
	 */
	public static Retrier standard(int maxAttempts, Duration base, Duration max, Waits waits, CallAudit audit,
			RateLimiters limiters) {
		return standard(maxAttempts, base, max, waits, audit, limiters, SharedRateLimits.NONE);
	}

	/**
	 * @param sharedLimits the ceiling of each paced action in each region over every process of the
	 * run, taken after {@code limiters}' slot; a stop asked while waiting there ends the call unsent
	 */
	public static Retrier standard(int maxAttempts, Duration base, Duration max, Waits waits, CallAudit audit,
			RateLimiters limiters, SharedRateLimits sharedLimits) {
		return new Retrier(maxAttempts, base, max, audit, limiters, sharedLimits, waits);
	}

	private static Waits untilTime(Sleeper sleeper) {
		return duration -> {
			sleeper.sleep(duration);
			return false;
		};
	}

	/**
	 * @param idempotent the call changes nothing (a Describe*), so an unknown outcome may be retried
	 * @throws CloudCallException when the call failed for good
	 */
	public <T> T call(String action, boolean idempotent, Call<T> call) {
		return call(CallContext.NONE, action, idempotent, call);
	}

	/** As {@link #call(String, boolean, Call)}, each attempt audited with what it was for. */
	public <T> T call(CallContext context, String action, boolean idempotent, Call<T> call) {
		RateLimiter limiter = (context.region() != null) ? this.limiters.of(action, context.region()) : null;
		for (int attempt = 1;; attempt++) {
			if (limiter != null) {
				try {
					// the process's own (adaptive) slot first, then the run's: the call waits for the later;
					// the operator stopped the run while this call waited for either (at 200/60s, or after a
					// Throttling answer, seconds away): it is not sent, read or write
					if (limiter.acquire(this.waits)
							|| this.sharedLimits.acquire(action, context.region(), this.limiters.limit(action), this.waits)) {
						throw notSent(action, "the run was stopped while waiting to call", attempt, null);
					}
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw notSent(action, "the run was stopped while waiting to call", attempt, interrupted);
				}
			}
			if (!idempotent && this.waits.stopped()) {
				// after the operator's stop no call that changes the cloud goes out, not even one that
				// waited for its turn at the limiter; the caller's intent stays for the next launch
				throw notSent(action, "the run was stopped before the call was sent", attempt, null);
			}
			long started = System.nanoTime();
			try {
				T result = call.run();
				if (limiter != null) {
					limiter.answered();
				}
				this.audit.attempted(context, action, attempt, (System.nanoTime() - started) / 1_000_000,
						RequestIds.of(result), null);
				return result;
			}
			catch (Exception ex) {
				CloudFailure failure = ErrorClassifier.classify(ex, idempotent);
				if (limiter != null) {
					if (failure.code().startsWith(CloudErrorCodes.THROTTLING_PREFIX)) {
						limiter.throttled();
					}
					else {
						limiter.answered();
					}
				}
				this.audit.attempted(context, action, attempt, (System.nanoTime() - started) / 1_000_000,
						failure.requestId(), failure);
				if (!failure.retryable(idempotent) || attempt >= this.maxAttempts) {
					throw new CloudCallException(action, failure, attempt, ex);
				}
				try {
					if (this.waits.sleep(waitBefore(attempt + 1))) {
						// the operator stopped the run: a retry would be a new call, and none is sent now;
						// the caller treats the last failure as out of retries, taken up by the next launch
						throw new CloudCallException(action, failure, attempt, ex);
					}
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new CloudCallException(action, failure, attempt, ex);
				}
			}
		}
	}

	/**
	 * The call was not sent because the run stopped: the caller takes it as out of retries, and the
	 * next launch does it again.
	 */
	private static CloudCallException notSent(String action, String why, int attempt, Throwable cause) {
		return new CloudCallException(action, new CloudFailure(ErrorClass.TRANSIENT, CloudErrorCodes.INTERRUPTED, why,
				null, null, CloudErrorCodes.INTERRUPTED), attempt - 1, cause);
	}

	/** Full jitter: a random wait up to base x 2^(attempt-2), capped. */
	Duration waitBefore(int attempt) {
		long ceiling = Math.min(this.max.toMillis(), this.base.toMillis() << Math.min(30, attempt - 2));
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
	}

}
