package io.ecsmigrator.ledger.batch;

import java.util.ArrayDeque;
import java.util.Deque;

import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageRow;
import io.ecsmigrator.ledger.ImageStatus;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads a run's images in the given statuses (all of the first status, then all of the next), each
 * in inventory order, a page at a time, within a range of first lines (a partition's, or all).
 * <p>
 * The status is the only checkpoint: an image that a step has moved on is not read again, so a
 * restart never redoes committed work. Every execution therefore reads from the start of the first
 * status; it never takes up a position saved by the execution before it. That position would be
 * wrong for a restart: a launch killed in its second pass (submit's {@code VERIFIED}) leaves rows
 * in the first status ({@code SUBMITTING} intents whose answers were lost), and resuming in the
 * second pass would skip them until yet another launch.
 */
public class LedgerImageReader implements ItemStreamReader<ImageRow> {

	static final int PAGE = 100;

	private final ImageRepository images;

	private final long runId;

	private final ImageStatus[] statuses;

	private final int firstLine;

	private final int lastLine;

	private int statusIndex;

	private final Deque<ImageRow> page = new ArrayDeque<>();

	private int afterLine;

	private boolean exhausted;

	/**
	 * @param firstLine the range's first image line (inclusive)
	 * @param lastLine the range's last image line (inclusive)
	 */
	public LedgerImageReader(ImageRepository images, long runId, int firstLine, int lastLine,
			ImageStatus... statuses) {
		this.images = images;
		this.runId = runId;
		this.statuses = statuses.clone();
		this.firstLine = firstLine;
		this.afterLine = firstLine - 1;
		this.lastLine = lastLine;
	}

	/** Starts at the first status and line, whatever an earlier execution saved (see above). */
	@Override
	public void open(ExecutionContext context) {
		this.statusIndex = 0;
		this.afterLine = this.firstLine - 1;
		this.page.clear();
		this.exhausted = false;
	}

	@Override
	public ImageRow read() {
		while (this.page.isEmpty() && !this.exhausted) {
			this.page.addAll(this.images.page(this.runId, this.statuses[this.statusIndex], this.afterLine,
					this.lastLine, PAGE));
			if (this.page.isEmpty()) {
				if (this.statusIndex + 1 < this.statuses.length) {
					this.statusIndex++;
					this.afterLine = this.firstLine - 1;
				}
				else {
					this.exhausted = true;
				}
			}
		}
		ImageRow next = this.page.poll();
		if (next != null) {
			this.afterLine = next.firstLine();
		}
		return next;
	}

}
