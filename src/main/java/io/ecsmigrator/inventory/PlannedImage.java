package io.ecsmigrator.inventory;

import java.util.List;
import java.util.Map;

/**
 * An image as the plan step sees it: the disk lines that share a region and name, the image-level
 * fields they agree on, and every error of its lines and of the image as a whole. An image with
 * any error is invalid and goes no further.
 *
 * @param firstLine the image's first inventory line, its key within a run
 * @param lines the inventory lines of the image, e.g. {@code 3-5;9}
 * @param attributes image-level fields (architecture, os_type, …) that the lines set
 * @param disks the disks ordered by index (empty for an invalid image)
 */
public record PlannedImage(int firstLine, String region, String imageName, String lines, int diskCount,
		Map<InventoryColumn, String> attributes, List<PlannedDisk> disks, List<LineError> errors) {

	public PlannedImage {
		attributes = Map.copyOf(attributes);
		disks = List.copyOf(disks);
		errors = List.copyOf(errors);
	}

	public boolean valid() {
		return this.errors.isEmpty();
	}

	public String attribute(InventoryColumn column) {
		return this.attributes.get(column);
	}

}
