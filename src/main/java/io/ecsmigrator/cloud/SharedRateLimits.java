package io.ecsmigrator.cloud;

/**
 * The ceiling of each API action's calls in each region, summed over every process of a
 * distributed run (a manager and its workers): ECS counts each action per region and account,
 * whoever sends the calls. {@link Retrier} takes it on every attempt, after the process's own
 * {@link RateLimiter}.
 * <p>
 * How the two combine: the local limiter is adaptive (a {@code Throttling*} answer cuts its rate
 * by 30 %, a calm second adds 5 % of the limit back), and each process adapts on its own. ECS
 * throttles the whole account's calls of the action in the region, so every process calling it
 * in that window is answered {@code Throttling*} and slows down: independent additive-increase,
 * multiplicative-decrease senders converge on the real limit without talking to each other. The
 * shared limit meanwhile keeps their sum at or below the configured rate, whatever each local
 * limiter has recovered to. A call therefore waits for the later of the two: its own process's
 * slot and the run's.
 * <p>
 * In local mode there is one process, whose limiters are the whole pace: {@link #NONE}.
 */
@FunctionalInterface
public interface SharedRateLimits {

	/** One process: nothing is shared, and no call waits here. */
	SharedRateLimits NONE = (action, region, limit, waits) -> false;

	/**
	 * Waits for this call's turn among the calls of the action in the region of every process.
	 *
	 * @param limit the action's configured limit ({@code migrator.rate.*}); a changed setting is a
	 * new limit, not a change of the old one
	 * @param waits how the wait is slept: a stop of the run ends it
	 * @return whether the run was asked to stop during the wait; the caller then sends nothing
	 * @throws InterruptedException if the thread was interrupted while waiting
	 */
	boolean acquire(String action, String region, RateLimit limit, Waits waits) throws InterruptedException;

}
