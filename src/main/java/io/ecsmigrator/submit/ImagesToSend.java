package io.ecsmigrator.submit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.function.BooleanSupplier;

import io.ecsmigrator.cloud.Waits;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageRow;
import io.ecsmigrator.ledger.ImageStatus;

/**
 * One region's images to send, in the order a launch should send them: first every
 * {@code SUBMITTING} image (an intent whose answer a crash lost, reconciled before anything new is
 * sent), then the {@code VERIFIED} ones as preflight verifies them. Preflight runs beside submit and
 * verifies its partitions' images in parallel, so new {@code VERIFIED} rows appear behind the reader
 * as well as ahead of it: the reader sweeps the region's {@code VERIFIED} rows in inventory order,
 * and starts a new sweep from the first line when it reaches the last, pausing between sweeps that
 * found nothing. It ends after a whole sweep that found nothing new and began after preflight had
 * stopped verifying ({@code checking} false): no image can become {@code VERIFIED} after that in
 * this launch (deferred images go back to {@code VERIFIED} only when the next launch's submit starts).
 * <p>
 * The ledger's status stays the only checkpoint: an image handed out is sent, and its status moves
 * on ({@code SUBMITTING}, then an outcome). Those handed out whose status has not moved yet (the
 * sender has not written the intent, or the call ran out of retries and the image waits for the next
 * launch) are remembered by first line and never handed out twice in one launch. Used by one thread.
 */
final class ImagesToSend {

	static final int PAGE = 100;

	/** Pause between two sweeps that found nothing new while preflight still verifies. */
	static final Duration FOLLOW_PAUSE = Duration.ofMillis(500);

	private final ImageRepository images;

	private final long runId;

	private final String region;

	private final BooleanSupplier checking;

	private final Waits waits;

	private final Deque<ImageRow> page = new ArrayDeque<>();

	private final BitSet handedOut = new BitSet();

	private ImageStatus status = ImageStatus.SUBMITTING;

	private int afterLine = Integer.MIN_VALUE;

	private boolean checkedBeforeSweep = true;

	private boolean foundInSweep;

	private boolean ended;

	/**
	 * @param checking whether preflight may still verify images of this launch
	 * @param waits the pause between sweeps, which the operator's stop cuts short
	 */
	ImagesToSend(ImageRepository images, long runId, String region, BooleanSupplier checking, Waits waits) {
		this.images = images;
		this.runId = runId;
		this.region = region;
		this.checking = checking;
		this.waits = waits;
	}

	/** The next image to send, or {@code null} when there is none left in this launch or a stop was asked. */
	ImageRow next() throws InterruptedException {
		while (!this.ended) {
			ImageRow row = this.page.poll();
			if (row != null) {
				this.afterLine = row.firstLine();
				if (!this.handedOut.get(row.firstLine())) {
					this.handedOut.set(row.firstLine());
					this.foundInSweep = true;
					return row;
				}
				continue;
			}
			this.page.addAll(this.images.page(this.runId, this.status, this.region, this.afterLine,
					Integer.MAX_VALUE, PAGE));
			if (this.page.isEmpty()) {
				endOfSweep();
			}
		}
		return null;
	}

	/** At the last line: on to the {@code VERIFIED} images, or another sweep of them, or the end. */
	private void endOfSweep() throws InterruptedException {
		if (this.status == ImageStatus.SUBMITTING) {
			this.status = ImageStatus.VERIFIED;
		}
		else if (!this.checkedBeforeSweep && !this.foundInSweep) {
			this.ended = true; // preflight had stopped before this sweep began, and it found nothing new
			return;
		}
		else if (!this.foundInSweep && this.waits.sleep(FOLLOW_PAUSE)) {
			this.ended = true; // the operator's stop
			return;
		}
		// read before the sweep: whatever preflight verified before it stopped is then in the sweep
		this.checkedBeforeSweep = this.checking.getAsBoolean();
		this.foundInSweep = false;
		this.afterLine = Integer.MIN_VALUE;
	}

}
