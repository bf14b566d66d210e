package io.ecsmigrator.inventory.batch;

import java.util.List;

import io.ecsmigrator.inventory.Hints;
import io.ecsmigrator.inventory.ImagePlanner;
import io.ecsmigrator.inventory.InventoryHeader;
import io.ecsmigrator.inventory.PlannedImage;
import io.ecsmigrator.inventory.StagedLine;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Makes one image of the staged lines of one (region, image name). */
class ImagePlanningProcessor implements ItemProcessor<List<StagedLine>, PlannedImage> {

	private final ImagePlanner planner;

	private final InventoryHeader header;

	ImagePlanningProcessor(InventoryHeader header, Hints hints) {
		this.header = header;
		this.planner = new ImagePlanner(hints);
	}

	@Override
	public PlannedImage process(List<StagedLine> lines) {
		return this.planner.plan(lines, this.header);
	}

}
