package io.ecsmigrator.track;

import java.util.List;
import java.util.Set;

import com.aliyuncs.ecs.model.v20140526.CancelTaskRequest;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.CloudErrorCodes;
import io.ecsmigrator.cloud.CloudFailure;
import io.ecsmigrator.cloud.ErrorClass;
import io.ecsmigrator.cloud.Retrier;
import io.ecsmigrator.images.OwnImages;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.ledger.InFlightImage;

/**
 * {@code cancel --run ID}: stops a run's imports in flight with CancelTask and marks them
 * {@code CANCELLED}. CancelTask answers {@code InvalidTaskId.IncorrectTaskStatus} (403) for a task
 * that is no longer running and {@code InvalidTaskId.NotFound} (400) for one it does not know
 * (CancelTask reference, docs/cloud-reference.md §1): such an import had already ended, and is
 * tracked to its real end at once (one DescribeImages look, {@link ImportTracker}). One image's
 * trouble never stops the others: only an account-wide error stops the command.
 */
public class ImportCanceller {

	/** CancelTask's answers for a task that is over, or that ECS does not know. */
	static final Set<String> ENDED = Set.of(CloudErrorCodes.TASK_INCORRECT_STATUS, CloudErrorCodes.TASK_NOT_FOUND);

	/**
	 * What a cancel did.
	 *
	 * @param cancelled imports CancelTask stopped
	 * @param alreadyEnded imports whose task had ended before the cancel (or that ECS did not know)
	 * @param recorded of those, how many were tracked to their end now (the others, still within
	 * {@code migrator.track.not-found-grace}, are recorded by the next {@code import --wait})
	 * @param withoutTask imports whose task could not be found: not cancelled
	 * @param refused imports CancelTask refused for another reason of their own: not cancelled
	 * @param unreachable imports left in flight because the cloud did not answer (after retries)
	 * @param failure the first failure that left an import not cancelled, or {@code null}
	 * @param accountStop an account-wide error that stopped the command, or {@code null}
	 */
	public record Result(int cancelled, int alreadyEnded, int recorded, int withoutTask, int refused,
			int unreachable, CloudFailure failure, CloudFailure accountStop) {

		/** Every import in flight was cancelled or had already ended. */
		public boolean complete() {
			return this.withoutTask == 0 && this.refused == 0 && this.unreachable == 0 && this.accountStop == null;
		}

	}

	private final CloudClients clients;

	private final Retrier retrier;

	private final ImageRepository images;

	private final ImportTracker tracker;

	private final OwnImages ownImages;

	public ImportCanceller(CloudClients clients, Retrier retrier, ImageRepository images, ImportTracker tracker) {
		this.clients = clients;
		this.retrier = retrier;
		this.images = images;
		this.tracker = tracker;
		this.ownImages = new OwnImages(clients, retrier);
	}

	public Result cancel(long runId) {
		int cancelled = 0;
		int ended = 0;
		int recorded = 0;
		int withoutTask = 0;
		int refused = 0;
		int unreachable = 0;
		CloudFailure firstFailure = null;
		for (InFlightImage image : this.images.submitted(runId)) {
			CallContext context = CallContext.of(runId, image.region(), image.firstLine());
			try {
				String taskId = image.importTaskId();
				if (taskId == null) {
					// adopted by a version that did not look its task up: DescribeTasks by the image
					OwnImages.ImportTask task = this.ownImages.importTaskOf(context, image.imageId());
					if (task == null) {
						withoutTask++;
						continue;
					}
					taskId = task.taskId();
				}
				CancelTaskRequest request = this.clients.ecs(new CancelTaskRequest(), image.region());
				request.setTaskId(taskId);
				String requestId;
				try {
					requestId = this.retrier.call(context, "CancelTask", true,
							() -> this.clients.acs().getAcsResponse(request)).getRequestId();
				}
				catch (CloudCallException ex) {
					if (!ENDED.contains(ex.failure().code())) {
						throw ex;
					}
					ended++;
					recorded += trackToEnd(runId, image, taskId);
					continue;
				}
				this.images.transition(runId, image.firstLine(), ImageStatus.SUBMITTED, ImageStatus.CANCELLED,
						new ImageChange(CloudErrorCodes.CANCELLED, "import task " + taskId + " cancelled by the operator",
								null, requestId, null, taskId, 0));
				cancelled++;
			}
			catch (CloudCallException ex) {
				CloudFailure failure = ex.failure();
				if (failure.errorClass() == ErrorClass.ACCOUNT) {
					return new Result(cancelled, ended, recorded, withoutTask, refused, unreachable, firstFailure,
							failure);
				}
				if (failure.errorClass() == ErrorClass.TRANSIENT || failure.errorClass() == ErrorClass.AMBIGUOUS) {
					unreachable++;
				}
				else {
					refused++;
				}
				firstFailure = (firstFailure != null) ? firstFailure : failure;
			}
		}
		return new Result(cancelled, ended, recorded, withoutTask, refused, unreachable, firstFailure, null);
	}

	/** An import whose task had ended: one look records its end, if the listing shows it yet. */
	private int trackToEnd(long runId, InFlightImage image, String taskId) {
		InFlightImage withTask = new InFlightImage(image.runId(), image.firstLine(), image.region(), image.name(),
				image.imageId(), taskId, image.submittedAt());
		int moved = 0;
		for (ImportTracker.Ended end : this.tracker.poll(image.region(), List.of(withTask))) {
			if (this.images.transition(runId, image.firstLine(), ImageStatus.SUBMITTED, end.status(),
					(end.change().importTaskId() != null) ? end.change() : withTaskId(end.change(), taskId))) {
				moved++;
			}
		}
		return moved;
	}

	private static ImageChange withTaskId(ImageChange change, String taskId) {
		return new ImageChange(change.errorCode(), change.message(), change.hint(), change.requestId(),
				change.imageId(), taskId, change.attempts(), change.taskStatus());
	}

}
