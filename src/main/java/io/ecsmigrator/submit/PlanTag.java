package io.ecsmigrator.submit;

import java.util.List;

import io.ecsmigrator.inventory.DiskLineValidator;

import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;

/**
 * The tag every imported image carries, so that a later run (after a crash, or of an edited
 * inventory) recognises the images this project made. Its value names the inventory file, not its
 * hash: an edited inventory is a new run, and must still adopt the images of the run before it.
 */
public final class PlanTag {

	public static final String KEY = DiskLineValidator.RESERVED_TAG_PREFIX + "plan";

	private PlanTag() {
	}

	/** The tag's value for an inventory: its file name, within the API's 128 characters. */
	public static String value(String inventoryFileName) {
		return (inventoryFileName.length() <= 128) ? inventoryFileName : inventoryFileName.substring(0, 128);
	}

	/** Whether an image carries one of this project's tags. */
	public static boolean ours(List<DescribeImagesResponse.Image.Tag> tags) {
		return tags != null && tags.stream()
			.anyMatch(tag -> tag.getTagKey() != null && tag.getTagKey().startsWith(DiskLineValidator.RESERVED_TAG_PREFIX));
	}

}
