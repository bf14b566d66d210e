package io.ecsmigrator.images;

import java.util.List;

import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;

/**
 * The tag every imported image carries, so that a later run (after a crash, or of an edited
 * inventory) recognises the images this project made. Its value names the inventory file, not its
 * hash: an edited inventory is a new run, and must still adopt the images of the run before it.
 */
public final class PlanTag {

	/**
	 * The prefix of this project's tag keys. The inventory refuses user tags under it, so that only
	 * the migrator's own images carry it.
	 */
	public static final String PREFIX = "ecs-image-migrator:";

	public static final String KEY = PREFIX + "plan";

	private PlanTag() {
	}

	/** The tag's value for an inventory: its file name, within the API's 128 characters. */
	public static String value(String inventoryFileName) {
		return (inventoryFileName.length() <= 128) ? inventoryFileName : inventoryFileName.substring(0, 128);
	}

	/**
	 * Whether an image carries one of this project's tags, whatever the plan it names: deliberately,
	 * an image of the same name that the project imported under another inventory file name (a
	 * wave's file renamed or split by the operator) is adopted, not imported a second time; ECS keeps
	 * image names unique per region, so the name and the project's tag are what make it the same
	 * import.
	 */
	public static boolean ours(List<DescribeImagesResponse.Image.Tag> tags) {
		return tags != null && tags.stream()
			.anyMatch(tag -> tag.getTagKey() != null && tag.getTagKey().startsWith(PREFIX));
	}

}
