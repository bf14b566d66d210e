package io.ecsmigrator.submit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import com.aliyuncs.ecs.model.v20140526.ImportImageResponse;
import io.ecsmigrator.catalogue.ErrorCatalogue;
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
import io.ecsmigrator.ledger.ImageRow;
import io.ecsmigrator.ledger.ImageStatus;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends ImportImage for one image at a time, from many threads, and never twice for an image:
 * <ol>
 * <li>the region must have quota ({@link QuotaGuard}) and room for another import
 * ({@link InFlightGate});</li>
 * <li>the intent ({@code SUBMITTING}) is committed before the call, in a transaction of its own
 * ({@code REQUIRES_NEW}, whatever the caller's), so a crash at any point leaves a row that says the
 * call may have happened;</li>
 * <li>an image found {@code SUBMITTING} (a crash, a lost answer) is looked up in the cloud by name
 * and adopted if it carries this project's tag; only if it is not there is the call sent again.
 * ECS keeps image names unique per region, so a resend that meets the image it made answers
 * {@code ImageIsImporting} or {@code InvalidImageName.Duplicated}, and that is resolved the same
 * way.</li>
 * </ol>
 * The room in the in-flight cap is a {@link InFlightGate.Slot} taken before the intent and closed
 * when {@link #submit} returns: kept if an import of the image runs, given back otherwise. An image
 * resolved by a lookup alone (adopted, or its name held by another) takes no room.
 * <p>
 * Failures are sorted by class: the image's own fail it, a region's fail that region's images, a
 * quota defers the region's remaining images, and an account error stops all calls.
 */
public class ImportSubmitter {

	/** Calls of one image whose answer was lost, before the run gives up on it. */
	static final int MAX_SENDS = 3;

	private final CloudClients clients;

	private final Retrier retrier;

	private final ImageRepository images;

	/** Commits intents in transactions of their own ({@code REQUIRES_NEW}). */
	private final TransactionTemplate intents;

	private final QuotaGuard quota;

	private final InFlightGate gate;

	private final OwnImages ownImages;

	private final String planTagValue;

	private final ErrorCatalogue catalogue;

	private final Map<String, CloudFailure> failedRegions = new ConcurrentHashMap<>();

	private volatile CloudFailure accountStop;

	public ImportSubmitter(CloudClients clients, Retrier retrier, ImageRepository images,
			PlatformTransactionManager transactionManager, QuotaGuard quota, InFlightGate gate, String planTagValue,
			ErrorCatalogue catalogue) {
		this.clients = clients;
		this.retrier = retrier;
		this.images = images;
		this.intents = new TransactionTemplate(transactionManager);
		this.intents.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.quota = quota;
		this.gate = gate;
		this.ownImages = new OwnImages(clients, retrier);
		this.planTagValue = planTagValue;
		this.catalogue = catalogue;
	}

	/**
	 * @return the move the image's row makes, or {@code null} when nothing was done (the run is
	 * stopping, or another process moved the image first)
	 */
	public Submission submit(ImageRow image) throws InterruptedException {
		if (this.accountStop != null) {
			return null;
		}
		try {
			return submitOne(image);
		}
		catch (InFlightGate.Stopped ex) {
			// Ctrl-C at the in-flight cap: nothing sent, the image stays as it was for the next launch
			return null;
		}
		catch (CloudCallException ex) {
			if (!passing(ex.failure())) {
				halt();
				throw ex;
			}
			// a look-up (quota, in-flight count, reconciliation) out of retries: this image stays where
			// it is, with its last error, and the chunk's other images go on; the next launch takes it up
			return stays(image.firstLine(), image.status(), ex.failure(), ex.attempts());
		}
		catch (RuntimeException | Error ex) {
			// this sender fails, and the step with it: the others waiting for room stop waiting
			halt();
			throw ex;
		}
	}

	/**
	 * Sends nothing more: the threads waiting for room in the in-flight cap stop waiting at once
	 * (else up to {@code migrator.submit.wait-poll-interval} each) and send nothing. Called on an
	 * account error and when a submission fails; a failure outside a submission (recording its
	 * outcome) is the caller's to halt.
	 */
	void halt() {
		this.gate.halt();
	}

	private Submission submitOne(ImageRow image) throws InterruptedException {
		if (image.status() == ImageStatus.SUBMITTING) {
			OwnImages.Holder holder = find(image);
			if (holder != null) {
				return resolved(image, holder);
			}
			// not in the cloud: the call before the crash was never carried out, so it is sent now
			try (InFlightGate.Slot slot = this.gate.enter(image.region())) {
				return send(image, slot);
			}
		}
		CloudFailure regionFailure = this.failedRegions.get(image.region());
		if (regionFailure != null) {
			return decided(image, ImageStatus.VERIFIED, ImageStatus.SUBMIT_FAILED, regionFailure);
		}
		CloudFailure noRoom = this.quota.reserve(image.region(), image.disks().size());
		if (noRoom != null) {
			return decided(image, ImageStatus.VERIFIED, ImageStatus.DEFERRED, noRoom);
		}
		boolean sent = false;
		try (InFlightGate.Slot slot = this.gate.enter(image.region())) {
			if (this.retrier.stopped() || !intend(image)) {
				return null; // stopped while it waited: no intent for a call the Retrier would not send
			}
			sent = true;
			return send(image, slot);
		}
		finally {
			if (!sent) {
				this.quota.release(image.region(), image.disks().size());
			}
		}
	}

	/**
	 * Commits the intent ({@code VERIFIED} to {@code SUBMITTING}) in a transaction of its own, so it
	 * is durable before the call is sent whatever transaction the caller runs in.
	 *
	 * @return whether this call moved the image (another process may have moved it first)
	 */
	private boolean intend(ImageRow image) {
		return Boolean.TRUE.equals(this.intents.execute(status -> {
			boolean moved = this.images.transition(image.runId(), image.firstLine(), ImageStatus.VERIFIED,
					ImageStatus.SUBMITTING, ImageChange.ok());
			if (moved) {
				// the row keeps what this call carries: a resend after reconciliation and the report use it
				this.images.keepWhatIsSent(image.runId(), image.firstLine(), image.roleName(), image.resourceGroupId());
			}
			return moved;
		}));
	}

	/** Results were recorded: the quota guard looks at the cloud again before the next import of a region. */
	public void lookAgain() {
		this.quota.lookAgain();
	}

	/** The run met an account-wide error: no more calls; the reason, or {@code null}. */
	public CloudFailure accountStop() {
		return this.accountStop;
	}

	/**
	 * Sends the import of an image whose intent is committed, until it has an answer. The slot is
	 * kept when an import of the image runs (sent, or found); the caller closes it in every case.
	 */
	private Submission send(ImageRow image, InFlightGate.Slot slot) {
		CallContext context = CallContext.of(image.runId(), image.region(), image.firstLine());
		int attempts = 0;
		for (int send = 1;; send++) {
			ImportImageRequest request = this.clients.ecs(ImportRequests.of(image, this.planTagValue), image.region());
			try {
				ImportImageResponse response = this.retrier.call(context, "ImportImage", false,
						() -> this.clients.acs().getAcsResponse(request));
				slot.keep();
				return new Submission(image.firstLine(), ImageStatus.SUBMITTING, ImageStatus.SUBMITTED,
						ImageChange.imported(response.getImageId(), response.getTaskId(), response.getRequestId(),
								attempts + 1));
			}
			catch (CloudCallException ex) {
				attempts += ex.attempts();
				CloudFailure failure = ex.failure();
				boolean unknown = failure.errorClass() == ErrorClass.AMBIGUOUS;
				boolean nameTaken = failure.code().equals(CloudErrorCodes.IMAGE_IS_IMPORTING)
						|| failure.code().equals(CloudErrorCodes.IMAGE_NAME_DUPLICATED);
				if (unknown || nameTaken) {
					OwnImages.Holder holder;
					try {
						holder = find(image);
					}
					catch (CloudCallException lookUp) {
						if (!passing(lookUp.failure())) {
							throw lookUp;
						}
						// the outcome stays unknown: SUBMITTING, looked up again by the next launch
						return failed(image, failure, attempts + lookUp.attempts());
					}
					if (holder != null) {
						if (holder.ours()) {
							slot.keep();
						}
						return resolved(image, holder);
					}
					// a 5xx to ImportImage is an unknown outcome too (not a blind retry), so an unknown
					// outcome gets as many look-up-then-resend rounds as a read gets attempts
					if (unknown && send < Math.max(MAX_SENDS, this.retrier.maxAttempts())) {
						continue; // the lost call did nothing: sending again is safe
					}
					if (nameTaken) {
						// ECS says the name is held, but the lookup by name lists no image: DescribeImages
						// lists a new image late (track's not-found grace is for the same lag), most likely
						// the one an earlier call of ours made. Not this image's failure: it stays
						// SUBMITTING, and the next launch looks it up again before anything is sent
						return new Submission(image.firstLine(), ImageStatus.SUBMITTING, ImageStatus.SUBMITTING,
								new ImageChange(failure.code(), "the name is taken by an image not listed yet: "
										+ failure.message(), this.catalogue.hint(failure), failure.requestId(), null,
										null, attempts));
					}
				}
				return failed(image, failure, attempts);
			}
		}
	}

	private Submission failed(ImageRow image, CloudFailure failure, int attempts) {
		ImageStatus to = switch (failure.errorClass()) {
			case QUOTA -> {
				this.quota.exceeded(image.region(), failure);
				yield ImageStatus.DEFERRED;
			}
			// a role the image names itself (role_name) is that image's: the others do not use it
			case ACCOUNT, CLOCK -> {
				if (ownRoleRefused(image, failure)) {
					yield ImageStatus.SUBMIT_FAILED;
				}
				this.accountStop = failure;
				halt();
				yield ImageStatus.DEFERRED;
			}
			case REGION -> {
				this.failedRegions.putIfAbsent(image.region(), failure);
				yield ImageStatus.SUBMIT_FAILED;
			}
			// retries exhausted (refused each time), or the outcome still unknown after the rounds: never
			// fail the chunk of the other images; the image stays SUBMITTING with its last error, and the
			// next launch looks it up and adopts or resends it (the path of a lost answer)
			case TRANSIENT, AMBIGUOUS -> ImageStatus.SUBMITTING;
			default -> ImageStatus.SUBMIT_FAILED;
		};
		String hint = ownRoleRefused(image, failure)
				? this.catalogue.hint(CloudErrorCodes.NO_IMPORT_ROLE_CUSTOM_HINT, image.roleName())
				: this.catalogue.hint(failure);
		return new Submission(image.firstLine(), ImageStatus.SUBMITTING, to, new ImageChange(failure.code(),
				failure.message(), hint, failure.requestId(), null, null, attempts));
	}

	/** ECS could not use the import role, and the role is the image's own, not the run's that others share. */
	private static boolean ownRoleRefused(ImageRow image, CloudFailure failure) {
		return (failure.code().equals(CloudErrorCodes.NO_IMPORT_ROLE)
				|| failure.code().equals(CloudErrorCodes.NO_IMPORT_ROLE_ACCOUNT)) && image.ownRole();
	}

	/** A passing failure of the service or the network, whose retries ran out. */
	private static boolean passing(CloudFailure failure) {
		return failure.errorClass() == ErrorClass.TRANSIENT || failure.errorClass() == ErrorClass.AMBIGUOUS;
	}

	/** The image stays in its status; its last error is kept. */
	private Submission stays(int firstLine, ImageStatus status, CloudFailure failure, int attempts) {
		return new Submission(firstLine, status, status, new ImageChange(failure.code(), failure.message(),
				this.catalogue.hint(failure), failure.requestId(), null, null, attempts));
	}

	private Submission decided(ImageRow image, ImageStatus from, ImageStatus to, CloudFailure why) {
		return new Submission(image.firstLine(), from, to,
				ImageChange.failed(why.code(), why.message(), this.catalogue.hint(why), why.requestId()));
	}

	/**
	 * What a name's holder means for the image. Ours is adopted with its import task (DescribeTasks
	 * by the image), which tracking and {@code cancel} need, and with every ImportImage call the
	 * cloud saw for it, of this launch and of any before, as the call audit kept them. Another's
	 * holds the name.
	 */
	private Submission resolved(ImageRow image, OwnImages.Holder holder) {
		if (holder.ours()) {
			OwnImages.ImportTask task = null;
			try {
				task = this.ownImages.importTaskOf(CallContext.of(image.runId(), image.region(), image.firstLine()),
						holder.imageId());
			}
			catch (CloudCallException ex) {
				// the image is ours whatever the task lookup answers; tracking looks the task up again
			}
			int calls = this.images.uncountedImportCalls(image.runId(), image.firstLine());
			return new Submission(image.firstLine(), ImageStatus.SUBMITTING, ImageStatus.SUBMITTED,
					new ImageChange(null, "found in the cloud after an unanswered call: " + holder.imageId(), null,
							holder.requestId(), holder.imageId(), (task != null) ? task.taskId() : null, calls));
		}
		return new Submission(image.firstLine(), ImageStatus.SUBMITTING, ImageStatus.SUBMIT_FAILED,
				ImageChange.failed(CloudErrorCodes.IMAGE_NAME_DUPLICATED,
						"image %s (%s) holds the name %s in %s and was not imported by the migrator".formatted(
								holder.imageId(), holder.status(), image.name(), image.region()),
						this.catalogue.hint(CloudErrorCodes.IMAGE_NAME_DUPLICATED), holder.requestId()));
	}

	/**
	 * Looks for the image by name in its region; a lookup only.
	 *
	 * @return the image holding the name (one of ours first), or {@code null} when it is free
	 */
	private OwnImages.Holder find(ImageRow image) {
		return this.ownImages.holder(CallContext.of(image.runId(), image.region(), image.firstLine()), image.name());
	}

}
