package io.ecsmigrator.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.ecsmigrator.inventory.StagedLine;
import io.ecsmigrator.ledger.StagingRepository;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the staged lines of a run one image at a time (the lines sharing a group key), a page of
 * groups per query, so memory holds one page whatever the inventory's size. Restartable: it saves
 * the last group key it handed out and a restart continues after it.
 */
class ImageGroupReader implements ItemStreamReader<List<StagedLine>> {

	static final String LAST_KEY = "imageGroupReader.last.key";

	static final String COUNT = "imageGroupReader.read.count";

	private final StagingRepository staging;

	private final long runId;

	private final int pageSize;

	private final Deque<List<StagedLine>> page = new ArrayDeque<>();

	private String lastKey = "";

	private int count;

	private boolean exhausted;

	ImageGroupReader(StagingRepository staging, long runId, int pageSize) {
		this.staging = staging;
		this.runId = runId;
		this.pageSize = pageSize;
	}

	@Override
	public void open(ExecutionContext context) {
		this.lastKey = context.getString(LAST_KEY, "");
		this.count = context.getInt(COUNT, 0);
	}

	@Override
	public void update(ExecutionContext context) {
		context.putString(LAST_KEY, this.lastKey);
		context.putInt(COUNT, this.count);
	}

	@Override
	public List<StagedLine> read() {
		if (this.page.isEmpty() && !this.exhausted) {
			fetchPage();
		}
		List<StagedLine> group = this.page.poll();
		if (group != null) {
			this.lastKey = group.get(0).groupKey();
			this.count++;
		}
		return group;
	}

	private void fetchPage() {
		List<String> keys = this.staging.groupKeysAfter(this.runId, this.lastKey, this.pageSize);
		if (keys.isEmpty()) {
			this.exhausted = true;
			return;
		}
		List<StagedLine> current = new ArrayList<>();
		for (StagedLine line : this.staging.linesOfGroups(this.runId, keys.get(0), keys.get(keys.size() - 1))) {
			if (!current.isEmpty() && !current.get(0).groupKey().equals(line.groupKey())) {
				this.page.add(current);
				current = new ArrayList<>();
			}
			current.add(line);
		}
		this.page.add(current);
	}

}
