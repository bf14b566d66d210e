package io.ecsmigrator.submit;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.Retrier;
import io.ecsmigrator.cloud.Waits;
import io.ecsmigrator.images.OwnImages;

/**
 * Caps the imports of this project running at once in a region. It counts them where they are:
 * in the cloud, as images with this project's tag still {@code Creating} or {@code Waiting}, so
 * imports of an earlier run (or another process) count too. Between two looks it adds the imports
 * it let through; at the cap, the caller waits and the gate looks again until some have ended.
 * Thread-safe; waiting in one region holds up no other.
 * <p>
 * Room is taken as a {@link Slot}: the caller {@linkplain Slot#keep() keeps} it once an import
 * started, and closes it in every case; closing a slot that was not kept gives the room back. A
 * slot gives back only the room it took, once, so no path can free another import's room.
 * <p>
 * A wait at the cap ends early, with {@link Stopped} and no room taken, when the operator stops the
 * run (its {@link Waits}) or when the submitter {@linkplain #halt() halts} the gate (an account error,
 * a sender's failure): the poll interval is 10 s, and the step would wait that long for nothing.
 */
public class InFlightGate {

	private final OwnImages ownImages;

	private final int cap;

	private final Duration pollInterval;

	private final long runId;

	private final Waits waits;

	private final Map<String, long[]> running = new ConcurrentHashMap<>();

	/** The threads sleeping at the cap, which {@link #halt()} interrupts; guarded by itself. */
	private final Set<Thread> sleeping = new HashSet<>();

	private volatile boolean halted;

	public InFlightGate(CloudClients clients, Retrier retrier, int cap, Duration pollInterval, long runId) {
		this(clients, retrier, cap, pollInterval, runId, Waits.UNTIL_TIME);
	}

	/** @param waits how it waits at the cap: the run's stopper, so that a Ctrl-C ends the wait */
	public InFlightGate(CloudClients clients, Retrier retrier, int cap, Duration pollInterval, long runId,
			Waits waits) {
		this.ownImages = new OwnImages(clients, retrier);
		this.cap = cap;
		this.pollInterval = pollInterval;
		this.runId = runId;
		this.waits = waits;
	}

	/**
	 * Waits until the region has room for one more import, and takes it.
	 *
	 * @throws Stopped when the run was asked to stop, or the gate was halted, before or while it
	 * waited: no room was taken
	 */
	public Slot enter(String region) throws InterruptedException {
		long[] count = this.running.computeIfAbsent(region, r -> new long[] { -1 });
		synchronized (count) {
			if (this.halted || this.waits.stopped()) {
				// the threads queued behind one woken at the cap leave without a look of their own
				throw new Stopped();
			}
			if (count[0] < 0 || count[0] >= this.cap) {
				// at the cap by its own count, which knows nothing of imports that ended since the last
				// look: look at once, and wait only if the cloud says the region is really full
				count[0] = importing(region);
			}
			while (count[0] >= this.cap) {
				if (pause()) {
					throw new Stopped();
				}
				count[0] = importing(region);
			}
			count[0]++;
		}
		return new Slot(region);
	}

	/**
	 * Ends every wait at the cap, now and later, with {@link Stopped}: the run sends nothing more (an
	 * account error), or the step is failing (a sender's failure) and must not wait for room first.
	 */
	public void halt() {
		this.halted = true;
		synchronized (this.sleeping) {
			this.sleeping.forEach(Thread::interrupt);
		}
	}

	/**
	 * Sleeps the poll interval, woken by a stop or a halt.
	 *
	 * @return whether the run was stopped or the gate halted
	 */
	private boolean pause() throws InterruptedException {
		Thread me = Thread.currentThread();
		synchronized (this.sleeping) {
			if (this.halted) {
				return true;
			}
			this.sleeping.add(me);
		}
		try {
			return this.waits.sleep(this.pollInterval) || this.halted;
		}
		catch (InterruptedException ex) {
			if (!this.halted) {
				throw ex;
			}
			return true;
		}
		finally {
			synchronized (this.sleeping) {
				this.sleeping.remove(me);
			}
			if (this.halted) {
				// halt() may have interrupted this thread just after its sleep ended: that is no interrupt
				// of the caller's, and must not cut its next wait (a lock, a call) short
				Thread.interrupted();
			}
		}
	}

	private void leave(String region) {
		long[] count = this.running.get(region);
		synchronized (count) {
			if (count[0] > 0) {
				count[0]--;
			}
		}
	}

	private long importing(String region) {
		return this.ownImages.count(new CallContext(this.runId, region, null), OwnImages.IMPORTING, true);
	}

	/** The run was asked to stop, or the gate halted, while the caller waited at the cap: send nothing. */
	public static final class Stopped extends RuntimeException {

		private Stopped() {
			super("the run was asked to stop, or stopped sending, while waiting at the in-flight cap", null, false,
					false);
		}

	}

	/**
	 * Room for one import in a region, taken by {@link InFlightGate#enter}. Not thread-safe: one
	 * thread submits one image.
	 */
	public final class Slot implements AutoCloseable {

		private final String region;

		private boolean kept;

		private boolean closed;

		private Slot(String region) {
			this.region = region;
		}

		/** An import started (or was found running): its room stays taken until the cloud says it ended. */
		public void keep() {
			this.kept = true;
		}

		/** Gives the room back unless an import {@linkplain #keep() started}; only the first call counts. */
		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				if (!this.kept) {
					leave(this.region);
				}
			}
		}

	}

}
