package io.ecsmigrator.inventory.batch;

import io.ecsmigrator.inventory.PlannedImage;
import io.ecsmigrator.ledger.ImageRepository;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Gives each planned image its ledger row, PLANNED or INVALID. */
class PlannedImageWriter implements ItemWriter<PlannedImage> {

	private final ImageRepository images;

	private final long runId;

	PlannedImageWriter(ImageRepository images, long runId) {
		this.images = images;
		this.runId = runId;
	}

	@Override
	public void write(Chunk<? extends PlannedImage> chunk) {
		this.images.insertPlanned(this.runId, chunk.getItems());
	}

}
