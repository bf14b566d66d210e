package io.ecsmigrator.track;

import com.aliyuncs.ecs.model.v20140526.CancelTaskRequest;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.CloudErrorCodes;
import io.ecsmigrator.cloud.Retrier;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.ledger.InFlightImage;

/**
 * {@code cancel --run ID}: stops a run's imports in flight with CancelTask and marks them
 * {@code CANCELLED}. An import that ended meanwhile is left for the track step to record.
 */
public class ImportCanceller {

	/** What a cancel did. */
	public record Result(int cancelled, int alreadyEnded, int withoutTask) {
	}

	private final CloudClients clients;

	private final Retrier retrier;

	private final ImageRepository images;

	public ImportCanceller(CloudClients clients, Retrier retrier, ImageRepository images) {
		this.clients = clients;
		this.retrier = retrier;
		this.images = images;
	}

	public Result cancel(long runId) {
		int cancelled = 0;
		int ended = 0;
		int withoutTask = 0;
		for (InFlightImage image : this.images.submitted(runId)) {
			if (image.importTaskId() == null) {
				withoutTask++; // adopted after a lost answer: DescribeImages gives no task id
				continue;
			}
			CancelTaskRequest request = this.clients.ecs(new CancelTaskRequest(), image.region());
			request.setTaskId(image.importTaskId());
			String requestId;
			try {
				requestId = this.retrier.call(CallContext.of(runId, image.region(), image.firstLine()), "CancelTask",
						true, () -> this.clients.acs().getAcsResponse(request)).getRequestId();
			}
			catch (CloudCallException ex) {
				if (ex.failure().code().equals(CloudErrorCodes.TASK_INCORRECT_STATUS)) {
					ended++;
					continue;
				}
				throw ex;
			}
			if (this.images.transition(runId, image.firstLine(), ImageStatus.SUBMITTED, ImageStatus.CANCELLED,
					new ImageChange(CloudErrorCodes.CANCELLED, "import task " + image.importTaskId() + " cancelled by the operator",
							null, requestId, null, null, 0))) {
				cancelled++;
			}
		}
		return new Result(cancelled, ended, withoutTask);
	}

}
