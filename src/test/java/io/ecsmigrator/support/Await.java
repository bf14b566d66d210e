package io.ecsmigrator.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a state, not for a time: the bound only ends a test that would never get there. */
public final class Await {

	private Await() {
	}

	/** Whether the condition held within the bound, looking every 20 ms. */
	public static boolean until(BooleanSupplier condition, Duration bound) throws InterruptedException {
		long deadline = System.nanoTime() + bound.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.getAsBoolean()) {
				return true;
			}
			Thread.sleep(20);
		}
		return condition.getAsBoolean();
	}

}
