package io.ecsmigrator.images;

import java.util.List;

import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No reference says whether DescribeImages' {@code ImageName} filter is exact, so the holder of a
 * name is chosen on the client, by the exact name, whatever the server answered.
 */
class OwnImagesTests {

	private static DescribeImagesResponse.Image image(String id, String name, boolean ours) {
		DescribeImagesResponse.Image image = new DescribeImagesResponse.Image();
		image.setImageId(id);
		image.setImageName(name);
		image.setStatus("Available");
		if (ours) {
			DescribeImagesResponse.Image.Tag tag = new DescribeImagesResponse.Image.Tag();
			tag.setTagKey(PlanTag.KEY);
			tag.setTagValue("wave1.csv");
			image.setTags(List.of(tag));
		}
		return image;
	}

	@Test
	void anImageWhoseNameMerelyContainsTheWantedOneIsNotItsHolder() {
		assertThat(OwnImages.holderOf(List.of(image("m-1", "web-01-old", true), image("m-2", "old-web-01", true)),
				"web-01"))
			.as("a fuzzy answer, even of our images, holds no name").isNull();
	}

	@Test
	void theExactHolderIsChosenAmongFuzzyOnesWhereverItStands() {
		assertThat(OwnImages.holderOf(List.of(image("m-1", "web-01-old", true), image("m-2", "web-01", false)),
				"web-01"))
			.extracting(DescribeImagesResponse.Image::getImageId)
			.as("not the first answered, not ours by a near name: the one of that name, a clash")
			.isEqualTo("m-2");
		assertThat(OwnImages.holderOf(List.of(image("m-1", "web-01", false), image("m-2", "web-01", true)), "web-01"))
			.extracting(DescribeImagesResponse.Image::getImageId)
			.as("of two holders of the exact name, ours")
			.isEqualTo("m-2");
	}

}
