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
 * in inventory order, a page at a time, within a range of first lines (a partition's, or all). The
 * status is the real checkpoint: an image that a step has moved on is not read again, so a restart
 * never redoes committed work; the saved position only spares it the rows before.
 */
public class LedgerImageReader implements ItemStreamReader<ImageRow> {

	static final int PAGE = 100;

	private final ImageRepository images;

	private final long runId;

	private final ImageStatus[] statuses;

	private final int firstLine;

	private final int lastLine;

	private final String key;

	private final String statusKey;

	private int statusIndex;

	private final Deque<ImageRow> page = new ArrayDeque<>();

	private int afterLine;

	private boolean exhausted;

	/**
	 * @param firstLine the range's first image line (inclusive)
	 * @param lastLine the range's last image line (inclusive)
	 * @param name the reader's name in the step's execution context
	 */
	public LedgerImageReader(ImageRepository images, long runId, int firstLine, int lastLine, String name,
			ImageStatus... statuses) {
		this.images = images;
		this.runId = runId;
		this.statuses = statuses.clone();
		this.firstLine = firstLine;
		this.afterLine = firstLine - 1;
		this.lastLine = lastLine;
		this.key = name + ".after.line";
		this.statusKey = name + ".status";
	}

	@Override
	public void open(ExecutionContext context) {
		this.statusIndex = context.getInt(this.statusKey, 0);
		this.afterLine = Math.max(this.firstLine - 1, context.getInt(this.key, this.firstLine - 1));
	}

	@Override
	public void update(ExecutionContext context) {
		context.putInt(this.statusKey, this.statusIndex);
		context.putInt(this.key, this.afterLine);
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
