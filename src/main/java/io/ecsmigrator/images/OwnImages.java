package io.ecsmigrator.images;

import java.util.List;

import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.Retrier;

/**
 * The account's own images in a region, as DescribeImages answers: who holds an image name, and
 * how many images are in some statuses. The one place for the lookups of preflight, submit and its
 * guards, so that they agree on which images hold a name and which are this project's.
 */
public class OwnImages {

	/** Statuses of an image that exists and counts against the quota. */
	public static final String LIVE = "Creating,Waiting,Available,UnAvailable";

	/** Statuses of an image that holds its name: every one but a failed import's. */
	static final String NAME_HOLDING = LIVE + ",Deprecated";

	/** Statuses of an image still being imported. */
	public static final String IMPORTING = "Creating,Waiting";

	/**
	 * The image that holds a name.
	 *
	 * @param ours it carries this project's tag
	 */
	public record Holder(String imageId, String status, boolean ours, String requestId) {
	}

	private final CloudClients clients;

	private final Retrier retrier;

	public OwnImages(CloudClients clients, Retrier retrier) {
		this.clients = clients;
		this.retrier = retrier;
	}

	/**
	 * The image holding a name in the context's region, one of this project's first.
	 *
	 * @return the holder, or {@code null} when the name is free
	 */
	public Holder holder(CallContext context, String name) {
		DescribeImagesRequest request = request(context.region(), NAME_HOLDING);
		request.setImageName(name);
		DescribeImagesResponse response = call(context, request);
		List<DescribeImagesResponse.Image> holders = response.getImages();
		DescribeImagesResponse.Image holder = holders.stream()
			.filter(image -> PlanTag.ours(image.getTags()))
			.findFirst()
			.orElse(holders.isEmpty() ? null : holders.get(0));
		return (holder == null) ? null : new Holder(holder.getImageId(), holder.getStatus(),
				PlanTag.ours(holder.getTags()), response.getRequestId());
	}

	/**
	 * How many of the account's images are in the context's region in these statuses.
	 *
	 * @param oursOnly count only images with this project's tag
	 */
	public long count(CallContext context, String statuses, boolean oursOnly) {
		DescribeImagesRequest request = request(context.region(), statuses);
		if (oursOnly) {
			DescribeImagesRequest.Tag tag = new DescribeImagesRequest.Tag();
			tag.setKey(PlanTag.KEY);
			request.setTags(List.of(tag));
		}
		request.setPageSize(1);
		return call(context, request).getTotalCount();
	}

	private DescribeImagesRequest request(String region, String statuses) {
		DescribeImagesRequest request = this.clients.ecs(new DescribeImagesRequest(), region);
		request.setImageOwnerAlias("self");
		request.setStatus(statuses);
		return request;
	}

	private DescribeImagesResponse call(CallContext context, DescribeImagesRequest request) {
		return this.retrier.call(context, "DescribeImages", true, () -> this.clients.acs().getAcsResponse(request));
	}

}
