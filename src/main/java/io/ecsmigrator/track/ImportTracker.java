package io.ecsmigrator.track;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.CloudErrorCodes;
import io.ecsmigrator.cloud.Retrier;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.ledger.InFlightImage;

/**
 * Looks at imports in flight, up to 100 images of a region per DescribeImages call, and says which
 * have ended: {@code Available} is imported; {@code CreateFailed}, {@code UnAvailable} or an image
 * that is gone (its import cancelled, or deleted) is a failed import.
 */
public class ImportTracker {

	/** DescribeImages takes up to 100 image ids. */
	public static final int BATCH = 100;

	/** Every status, named: DescribeImages answers only {@code Available} images by default. */
	static final String ALL_STATUSES = "Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated";

	private final CloudClients clients;

	private final Retrier retrier;

	private final ErrorCatalogue catalogue;

	public ImportTracker(CloudClients clients, Retrier retrier, ErrorCatalogue catalogue) {
		this.clients = clients;
		this.retrier = retrier;
		this.catalogue = catalogue;
	}

	/** An import that ended. */
	public record Ended(InFlightImage image, ImageStatus status, ImageChange change) {
	}

	/** @param images imports in flight of one region, at most {@link #BATCH} */
	public List<Ended> poll(String region, List<InFlightImage> images) {
		if (images.isEmpty()) {
			return List.of();
		}
		if (images.size() > BATCH) {
			throw new IllegalArgumentException("at most " + BATCH + " images per look, not " + images.size());
		}
		DescribeImagesRequest request = this.clients.ecs(new DescribeImagesRequest(), region);
		request.setImageId(images.stream().map(InFlightImage::imageId).collect(Collectors.joining(",")));
		request.setImageOwnerAlias("self");
		request.setStatus(ALL_STATUSES);
		request.setPageSize(BATCH);
		DescribeImagesResponse response = this.retrier.call(new CallContext(images.get(0).runId(), region, null),
				"DescribeImages", true, () -> this.clients.acs().getAcsResponse(request));
		Map<String, DescribeImagesResponse.Image> byId = response.getImages()
			.stream()
			.collect(Collectors.toMap(DescribeImagesResponse.Image::getImageId, Function.identity(), (a, b) -> a));
		List<Ended> ended = new ArrayList<>();
		for (InFlightImage image : images) {
			DescribeImagesResponse.Image seen = byId.get(image.imageId());
			if (seen == null) {
				ended.add(new Ended(image, ImageStatus.IMPORT_FAILED, ImageChange.failed(CloudErrorCodes.IMAGE_ID_NOT_FOUND,
						"image %s is gone: its import was cancelled, or it was deleted".formatted(image.imageId()),
						this.catalogue.hint(CloudErrorCodes.IMAGE_ID_NOT_FOUND), response.getRequestId())));
				continue;
			}
			switch (seen.getStatus()) {
				case "Available" -> ended.add(new Ended(image, ImageStatus.AVAILABLE,
						new ImageChange(null, null, null, response.getRequestId(), null, null, 0)));
				case "CreateFailed", "UnAvailable" -> ended.add(new Ended(image, ImageStatus.IMPORT_FAILED,
						ImageChange.failed(failedCode(seen.getStatus()), "ECS could not import image %s (%s)%s".formatted(
								image.imageId(), seen.getStatus(), (image.importTaskId() != null)
										? "; DescribeTaskAttribute of task " + image.importTaskId() + " tells why" : ""),
								this.catalogue.hint(failedCode(seen.getStatus())), response.getRequestId())));
				default -> {
					// Creating or Waiting: still importing
				}
			}
		}
		return ended;
	}

	private static String failedCode(String status) {
		return status.equals("CreateFailed") ? CloudErrorCodes.IMAGE_CREATE_FAILED : CloudErrorCodes.IMAGE_UNAVAILABLE;
	}

}
