package io.ecsmigrator.inventory.batch;

import io.ecsmigrator.inventory.StagedLine;
import io.ecsmigrator.ledger.StagingRepository;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Writes a chunk of validated lines to the run's staging table. */
class StagingWriter implements ItemWriter<StagedLine> {

	private final StagingRepository staging;

	private final long runId;

	StagingWriter(StagingRepository staging, long runId) {
		this.staging = staging;
		this.runId = runId;
	}

	@Override
	public void write(Chunk<? extends StagedLine> chunk) {
		this.staging.insert(this.runId, chunk.getItems());
	}

}
