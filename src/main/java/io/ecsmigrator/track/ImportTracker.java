package io.ecsmigrator.track;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
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
import io.ecsmigrator.images.OwnImages;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.ledger.InFlightImage;

/**
 * Looks at imports in flight, up to 100 images of a region per DescribeImages call, and says which
 * have ended: {@code Available} is imported; {@code CreateFailed} or {@code UnAvailable} is a failed
 * import, with its task's reason. DescribeImages may list a new image late, so an image it does not
 * list is not failed on one miss: not within {@code migrator.track.not-found-grace} of its
 * submission, and after it only once its import task (DescribeTaskAttribute, or DescribeTasks by
 * the image when its task id is unknown) says that it is not running: an image gone (its import
 * cancelled, or deleted) is then a failed import, with what the task said.
 */
public class ImportTracker {

	/** DescribeImages takes up to 100 image ids. */
	public static final int BATCH = 100;

	/** Every status, named: DescribeImages answers only {@code Available} images by default. */
	static final String ALL_STATUSES = "Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated";

	private final CloudClients clients;

	private final Retrier retrier;

	private final OwnImages ownImages;

	private final Duration notFoundGrace;

	private final Clock clock;

	private final ErrorCatalogue catalogue;

	/**
	 * @param notFoundGrace how long after its submission an image DescribeImages does not list is
	 * taken to be listed late, before its task is asked
	 * @param clock the ledger's clock, which dated the submissions
	 * @param catalogue the operator's hints of the codes a failed import is recorded with
	 */
	public ImportTracker(CloudClients clients, Retrier retrier, Duration notFoundGrace, Clock clock,
			ErrorCatalogue catalogue) {
		this.clients = clients;
		this.retrier = retrier;
		this.ownImages = new OwnImages(clients, retrier);
		this.notFoundGrace = notFoundGrace;
		this.clock = clock;
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
				Ended gone = notListed(image);
				if (gone != null) {
					ended.add(gone);
				}
				continue;
			}
			switch (seen.getStatus()) {
				case "Available" -> ended.add(new Ended(image, ImageStatus.AVAILABLE,
						new ImageChange(null, null, null, response.getRequestId(), null, null, 0)));
				case "CreateFailed", "UnAvailable" -> ended.add(failed(image, seen.getStatus(), response.getRequestId()));
				default -> {
					// Creating or Waiting: still importing
				}
			}
		}
		return ended;
	}

	/**
	 * An image DescribeImages does not list: listed late (within the grace, or its task still
	 * runs), or gone.
	 *
	 * @return its end, or {@code null} while it may still be listed
	 */
	private Ended notListed(InFlightImage image) {
		if (LocalDateTime.now(this.clock).isBefore(image.submittedAt().plus(this.notFoundGrace))) {
			return null;
		}
		OwnImages.ImportTask task = task(image);
		if (task != null && task.running()) {
			return null; // the import runs: the listing is late, however long
		}
		String taskStatus = (task != null) ? task.describe() : OwnImages.ImportTask.NOT_FOUND;
		String requestId = (task != null) ? task.requestId() : null;
		return new Ended(image, ImageStatus.IMPORT_FAILED, new ImageChange(CloudErrorCodes.IMAGE_ID_NOT_FOUND,
				"image %s is not listed %s after its submission, and its import task %s says %s: its import was "
						.formatted(image.imageId(), this.notFoundGrace, (task != null) ? task.taskId() : "(none found)",
								taskStatus)
						+ "cancelled, or the image was deleted",
				this.catalogue.hint(CloudErrorCodes.IMAGE_ID_NOT_FOUND + "/not-listed"),
				requestId, null, (task != null) ? task.taskId() : null, 0, taskStatus));
	}

	/** An import ECS ended in failure, with what its task says of why. */
	private Ended failed(InFlightImage image, String imageStatus, String requestId) {
		OwnImages.ImportTask task = task(image);
		String why = (task != null && !task.message().isEmpty()) ? ": " + task.message() : "";
		String code = failedCode(imageStatus);
		return new Ended(image, ImageStatus.IMPORT_FAILED, new ImageChange(code,
				"ECS could not import image %s (%s)%s".formatted(image.imageId(), imageStatus, why),
				this.catalogue.hint(code),
				requestId, null, (task != null) ? task.taskId() : null, 0, (task != null) ? task.describe() : null));
	}

	/** The migrator's code for an import ECS ended {@code CreateFailed} or {@code UnAvailable}. */
	private static String failedCode(String imageStatus) {
		return imageStatus.equals("CreateFailed") ? CloudErrorCodes.IMAGE_CREATE_FAILED
				: CloudErrorCodes.IMAGE_UNAVAILABLE;
	}

	/** The image's import task as ECS tells it, found by the image when the ledger has no task id. */
	private OwnImages.ImportTask task(InFlightImage image) {
		CallContext context = CallContext.of(image.runId(), image.region(), image.firstLine());
		if (image.importTaskId() != null) {
			return this.ownImages.task(context, image.importTaskId());
		}
		OwnImages.ImportTask found = this.ownImages.importTaskOf(context, image.imageId());
		if (found == null) {
			return null;
		}
		OwnImages.ImportTask told = this.ownImages.task(context, found.taskId());
		return told.status().equals(OwnImages.ImportTask.NOT_FOUND) ? found : told;
	}

}
