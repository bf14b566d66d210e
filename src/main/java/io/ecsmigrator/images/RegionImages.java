package io.ecsmigrator.images;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;

/**
 * A region's own images as one listing ({@link OwnImages#list}) saw them: who holds each name, and
 * how many are in some statuses. Immutable and thread-safe; it knows nothing created after it.
 */
public final class RegionImages {

	private static final Set<String> NAME_HOLDING = statuses(OwnImages.NAME_HOLDING);

	private final List<DescribeImagesResponse.Image> images;

	private final Map<String, List<DescribeImagesResponse.Image>> byName;

	private final String requestId;

	/** @param requestId the listing's first request, named by what it decides */
	RegionImages(List<DescribeImagesResponse.Image> images, String requestId) {
		this.requestId = requestId;
		this.images = List.copyOf(images);
		Map<String, List<DescribeImagesResponse.Image>> byName = new HashMap<>();
		for (DescribeImagesResponse.Image image : this.images) {
			if (image.getImageName() != null && NAME_HOLDING.contains(image.getStatus())) {
				byName.computeIfAbsent(image.getImageName(), n -> new ArrayList<>()).add(image);
			}
		}
		this.byName = byName;
	}

	/** How many images the listing holds, in every status. */
	public int size() {
		return this.images.size();
	}

	/**
	 * The image holding a name (the name compared exactly; a failed import holds none), one of this
	 * project's first, as {@link OwnImages#holder} answers it.
	 *
	 * @return the holder, or {@code null} when no listed image holds the name
	 */
	public OwnImages.Holder holder(String name) {
		DescribeImagesResponse.Image holder = OwnImages.holderOf(this.byName.getOrDefault(name, List.of()), name);
		return (holder == null) ? null
				: new OwnImages.Holder(holder.getImageId(), holder.getStatus(), PlanTag.ours(holder.getTags()), this.requestId);
	}

	/**
	 * How many listed images are in these statuses ({@code Creating,Waiting}).
	 *
	 * @param oursOnly count only images with this project's tag
	 */
	public long count(String statuses, boolean oursOnly) {
		Set<String> wanted = statuses(statuses);
		return this.images.stream()
			.filter(image -> wanted.contains(image.getStatus()))
			.filter(image -> !oursOnly || PlanTag.ours(image.getTags()))
			.count();
	}

	private static Set<String> statuses(String list) {
		return Arrays.stream(list.split(",")).map(String::trim).collect(Collectors.toUnmodifiableSet());
	}

}
