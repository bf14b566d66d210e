package io.ecsmigrator.images;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeTaskAttributeRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeTaskAttributeResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeTasksRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeTasksResponse;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.CloudErrorCodes;
import io.ecsmigrator.cloud.Retrier;

/**
 * The account's own images in a region, as DescribeImages answers: who holds an image name, and
 * how many images are in some statuses; and their import tasks (DescribeTasks,
 * DescribeTaskAttribute). The one place for the lookups of preflight, submit and its
 * guards, so that they agree on which images hold a name and which are this project's.
 */
public class OwnImages {

	/** Statuses of an image that exists and counts against the quota. */
	public static final String LIVE = "Creating,Waiting,Available,UnAvailable";

	/** Statuses of an image that holds its name: every one but a failed import's. */
	static final String NAME_HOLDING = LIVE + ",Deprecated";

	/** Statuses of an image still being imported. */
	public static final String IMPORTING = "Creating,Waiting";

	/** Every status DescribeImages knows: a listing of the region's own images leaves none out. */
	static final String EVERY_STATUS = NAME_HOLDING + ",CreateFailed";

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
	 * An import task as ECS tells of it.
	 *
	 * @param taskId the task, or {@code null} when none was found
	 * @param status {@code Processing}, {@code Finished}, {@code Failed} (DescribeTasks' vocabulary),
	 * or {@link #NOT_FOUND} when ECS knows no such task
	 * @param message why it failed or ended as it did ({@code OperationProgress.ErrorMsg}), or empty
	 */
	public record ImportTask(String taskId, String status, String message, String requestId) {

		/** The status of a task ECS does not know (or no longer knows). */
		public static final String NOT_FOUND = "NotFound";

		public boolean running() {
			return this.status.equals("Processing");
		}

		/** Status and message, as the report's {@code task_status} shows them. */
		public String describe() {
			return (this.message == null || this.message.isEmpty()) ? this.status : this.status + ": " + this.message;
		}

	}

	/** Images a page of DescribeImages holds at most. */
	private static final int PAGE = 100;

	/**
	 * The image holding a name in the context's region, one of this project's first. The name is
	 * compared exactly here: the API's {@code ImageName} filter may match more than the name (no
	 * reference says it is exact), so an image whose name merely contains the wanted one is never
	 * taken for its holder, and every page of the answer is read.
	 *
	 * @return the holder, or {@code null} when the name is free
	 */
	public Holder holder(CallContext context, String name) {
		List<DescribeImagesResponse.Image> holders = new ArrayList<>();
		String requestId = null;
		for (int page = 1;; page++) {
			DescribeImagesRequest request = request(context.region(), NAME_HOLDING);
			request.setImageName(name);
			request.setPageSize(PAGE);
			request.setPageNumber(page);
			DescribeImagesResponse response = call(context, request);
			requestId = (requestId != null) ? requestId : response.getRequestId();
			holders.addAll(response.getImages());
			Integer total = response.getTotalCount();
			if (response.getImages().size() < PAGE || total == null || (long) page * PAGE >= total) {
				break;
			}
		}
		DescribeImagesResponse.Image holder = holderOf(holders, name);
		return (holder == null) ? null : new Holder(holder.getImageId(), holder.getStatus(),
				PlanTag.ours(holder.getTags()), requestId);
	}

	/**
	 * Every image the account holds in the context's region, in every status and with its tags:
	 * DescribeImages 100 a call, page after page. One listing answers the name checks of all the
	 * region's images ({@link RegionImages#holder}), where a lookup per name would cost one call per
	 * image against the action's own per-region limit. It is a snapshot: an image created after it
	 * (or listed late) is not in it, so ImportImage's "name taken" answer stays the safety net.
	 */
	public RegionImages list(CallContext context) {
		List<DescribeImagesResponse.Image> listed = new ArrayList<>();
		String requestId = null;
		for (int page = 1;; page++) {
			DescribeImagesRequest request = request(context.region(), EVERY_STATUS);
			request.setPageSize(PAGE);
			request.setPageNumber(page);
			DescribeImagesResponse response = call(context, request);
			requestId = (requestId != null) ? requestId : response.getRequestId();
			listed.addAll(response.getImages());
			Integer total = response.getTotalCount();
			if (response.getImages().size() < PAGE || total == null || (long) page * PAGE >= total) {
				break;
			}
		}
		return new RegionImages(listed, requestId);
	}

	/**
	 * Of the images an {@code ImageName} filter answered, the one that holds exactly this name:
	 * ECS keeps names unique in a region; should two images still hold it, one of ours is the holder.
	 *
	 * @return the holder, or {@code null} when none has exactly this name
	 */
	static DescribeImagesResponse.Image holderOf(List<DescribeImagesResponse.Image> answered, String name) {
		List<DescribeImagesResponse.Image> holders = answered.stream()
			.filter(image -> name.equals(image.getImageName()))
			.toList();
		return holders.stream()
			.filter(image -> PlanTag.ours(image.getTags()))
			.findFirst()
			.orElse(holders.isEmpty() ? null : holders.get(0));
	}

	/**
	 * The ImportImage task of an image, found by the image (DescribeTasks with {@code ResourceIds}):
	 * how the task of an image adopted after a lost or repeated call is known.
	 *
	 * @return the task (its message is empty: DescribeTasks gives none), or {@code null} when ECS
	 * lists none for the image
	 */
	public ImportTask importTaskOf(CallContext context, String imageId) {
		DescribeTasksRequest request = this.clients.ecs(new DescribeTasksRequest(), context.region());
		request.setResourceIdss(List.of(imageId));
		request.setTaskAction("ImportImage");
		request.setPageSize(PAGE);
		DescribeTasksResponse response = this.retrier.call(context, "DescribeTasks", true,
				() -> this.clients.acs().getAcsResponse(request));
		// the filter is the server's: the resource is checked here too; the newest task is the last import
		return response.getTaskSet()
			.stream()
			.filter(task -> imageId.equals(task.getResourceId()) || task.getResourceId() == null)
			.max(Comparator.comparing(task -> String.valueOf(task.getCreationTime())))
			.map(task -> new ImportTask(task.getTaskId(), task.getTaskStatus(), "", response.getRequestId()))
			.orElse(null);
	}

	/**
	 * What an import task says of itself (DescribeTaskAttribute): its status and, once it ended,
	 * the message of its operation ({@code ErrorMsg}, why a failed import failed).
	 *
	 * @return the task; {@link ImportTask#NOT_FOUND} when ECS does not know it
	 */
	public ImportTask task(CallContext context, String taskId) {
		DescribeTaskAttributeRequest request = this.clients.ecs(new DescribeTaskAttributeRequest(), context.region());
		request.setTaskId(taskId);
		DescribeTaskAttributeResponse response;
		try {
			response = this.retrier.call(context, "DescribeTaskAttribute", true,
					() -> this.clients.acs().getAcsResponse(request));
		}
		catch (CloudCallException ex) {
			if (ex.failure().code().equals(CloudErrorCodes.TASK_NOT_FOUND)) {
				return new ImportTask(taskId, ImportTask.NOT_FOUND, ex.failure().message(), ex.failure().requestId());
			}
			throw ex;
		}
		String message = (response.getOperationProgressSet() == null) ? ""
				: response.getOperationProgressSet()
					.stream()
					.map(DescribeTaskAttributeResponse.OperationProgress::getErrorMsg)
					.filter(m -> m != null && !m.isBlank())
					.distinct()
					.collect(Collectors.joining("; "));
		return new ImportTask(taskId, response.getTaskStatus(), message, response.getRequestId());
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
