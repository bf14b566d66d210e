package io.ecsmigrator.cloud;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How a cloud call's waits are slept: to their end, or until the operator stops the run (Ctrl-C),
 * so that a stop is not held up by a backoff or a poll. {@code cloud} knows no run: the job's
 * stopper ({@code job.RunStopper}) implements this.
 */
@FunctionalInterface
public interface Waits {

	/** Sleeps to the end, never stopped early; to the nanosecond, as a limiter's slot is kept. */
	Waits UNTIL_TIME = duration -> {
		TimeUnit.NANOSECONDS.sleep(Math.max(0, duration.toNanos()));
		return false;
	};

	/**
	 * Sleeps for the duration, or less if the run is asked to stop.
	 *
	 * @return whether a stop was asked (then the caller sends nothing more)
	 */
	boolean sleep(Duration duration) throws InterruptedException;

	/** Whether the run was asked to stop: no call that changes the cloud is sent then. */
	default boolean stopped() {
		return false;
	}

}
