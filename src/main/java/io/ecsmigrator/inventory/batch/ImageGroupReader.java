package io.ecsmigrator.inventory.batch;

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
 * lines per query, so memory holds one page whatever the inventory's size. Restartable: it saves
 * the last group key it handed out and a restart continues after it.
 */
class ImageGroupReader implements ItemStreamReader<List<StagedLine>> {

	static final String LAST_KEY = "imageGroupReader.last.key";

	static final String COUNT = "imageGroupReader.read.count";

	private final StagingRepository staging;

	private final long runId;

	private final int pageLines;

	private final Deque<List<StagedLine>> page = new ArrayDeque<>();

	private String lastKey = "";

	private int count;

	private boolean exhausted;

	/** @param pageLines lines fetched per query */
	ImageGroupReader(StagingRepository staging, long runId, int pageLines) {
		this.staging = staging;
		this.runId = runId;
		this.pageLines = pageLines;
	}

	@Override
	public void open(ExecutionContext context) {
		this.staging.refreshStatistics();
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

	/**
	 * Reads the next page of lines and splits it into groups. The page's last group may be cut by
	 * the page limit, so it is kept back and read whole with the next page; a group larger than a
	 * page is read on its own.
	 */
	private void fetchPage() {
		List<StagedLine> lines = this.staging.linesAfterGroup(this.runId, this.lastKey, this.pageLines);
		if (lines.isEmpty()) {
			this.exhausted = true;
			return;
		}
		boolean lastPage = lines.size() < this.pageLines;
		List<List<StagedLine>> groups = new ArrayList<>();
		for (StagedLine line : lines) {
			if (groups.isEmpty() || !groups.get(groups.size() - 1).get(0).groupKey().equals(line.groupKey())) {
				groups.add(new ArrayList<>());
			}
			groups.get(groups.size() - 1).add(line);
		}
		if (!lastPage) {
			List<StagedLine> cut = groups.remove(groups.size() - 1);
			if (groups.isEmpty()) {
				groups.add(this.staging.linesOfGroup(this.runId, cut.get(0).groupKey()));
			}
		}
		this.page.addAll(groups);
	}

}
