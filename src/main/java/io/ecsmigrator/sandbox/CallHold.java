package io.ecsmigrator.sandbox;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test's hand on the sandbox: the calls of one action, from a given call on, wait here until the
 * test lets them go. A test uses it to stop a migrator at a moment it can name (for instance "one
 * submit chunk committed, the next one's intents written and their calls unanswered") and kill it
 * there, instead of guessing the moment from timing.
 */
public final class CallHold {

	private final String action;

	private final AtomicInteger passes;

	private final AtomicInteger waiting = new AtomicInteger();

	private final CountDownLatch released = new CountDownLatch(1);

	private volatile boolean carryOut = true;

	CallHold(String action, int afterCalls) {
		this.action = action;
		this.passes = new AtomicInteger(afterCalls);
	}

	String action() {
		return this.action;
	}

	/** What becomes of one call. */
	enum Admission {

		/** Not held: carried out at once. */
		PASSED,
		/** Held, then let go: carried out now; {@link #done()} follows. */
		RELEASED,
		/** Held, then dropped: closed without an answer; {@link #done()} follows. */
		DROPPED

	}

	/**
	 * Called for each call of the action before it is carried out; blocks it once the calls let
	 * through are used up, until the test releases or drops the held calls.
	 */
	Admission admit() {
		if (this.released.getCount() == 0 || this.passes.getAndDecrement() > 0) {
			return Admission.PASSED;
		}
		this.waiting.incrementAndGet();
		try {
			this.released.await();
			return this.carryOut ? Admission.RELEASED : Admission.DROPPED;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Admission.DROPPED;
		}
	}

	/** Called after a call that {@link #admit()} held has been answered (or dropped). */
	void done() {
		this.waiting.decrementAndGet();
	}

	/** Calls held now, waiting to be let go or still being carried out after it. */
	public int held() {
		return this.waiting.get();
	}

	/** Lets every held call and every later one through: each is carried out and answered. */
	public void release() {
		this.carryOut = true;
		this.released.countDown();
	}

	/**
	 * Lets the held calls go without carrying them out: each connection is closed with no answer,
	 * as if the request had never reached the cloud; later calls pass as usual.
	 */
	public void drop() {
		this.carryOut = false;
		this.released.countDown();
	}

	/** Waits until no held call is left, after {@link #release()} or {@link #drop()}. */
	public boolean awaitSettled(long timeout, TimeUnit unit) throws InterruptedException {
		long deadline = System.nanoTime() + unit.toNanos(timeout);
		while (held() > 0) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(20);
		}
		return true;
	}

}
