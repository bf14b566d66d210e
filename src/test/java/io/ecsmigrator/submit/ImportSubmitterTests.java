package io.ecsmigrator.submit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.ErrorClass;
import io.ecsmigrator.cloud.Waits;
import io.ecsmigrator.images.PlanTag;
import io.ecsmigrator.inventory.PlannedDisk;
import io.ecsmigrator.inventory.PlannedImage;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageRow;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.sandbox.CallHold;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The submit protocol, one image at a time, against the sandbox through the SDK and on a real
 * ledger: the intent first, then the call; a lost answer resolved by a lookup; failures sorted by
 * class; the in-flight room given back exactly when no import started.
 */
@SpringBootTest(classes = MigratorApplication.class, properties = "migrator.progress-interval=1h")
@Timeout(60)
class ImportSubmitterTests {

	private static final String REGION = "cn-hangzhou";

	private static final String SHANGHAI = "cn-shanghai";

	private static final String TAG = "wave.csv";

	private static final AtomicInteger RUNS = new AtomicInteger(1000);

	@DynamicPropertySource
	static void ledger(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry);
	}

	@Autowired
	ImageRepository images;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	private SandboxServer sandbox;

	private CloudClients clients;

	private final long runId = RUNS.incrementAndGet();

	@AfterEach
	void stop() {
		if (this.clients != null) {
			this.clients.destroy();
		}
		SandboxCloud.clearCredentials();
		if (this.sandbox != null) {
			this.sandbox.close();
		}
	}

	private static Scenarios hangzhou() {
		return Scenarios.scenario()
			.region(REGION)
			.bucket("disks-hz", REGION)
			.object("web.qcow2", DiskKind.QCOW2, 40)
			.importSeconds(600)
			.seed(3);
	}

	private void start(Scenario scenario) throws Exception {
		this.sandbox = SandboxServer.start(scenario, 0);
		SandboxCloud.useCredentials("testAK", "testSecret");
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 3));
	}

	private InFlightGate gate(int cap) {
		return new InFlightGate(this.clients, this.clients.retrier(), cap, Duration.ofMillis(50), this.runId);
	}

	private ImportSubmitter submitter(InFlightGate gate, SubmitProperties.Quota quota) {
		return new ImportSubmitter(this.clients, this.clients.retrier(), this.images, this.transactionManager,
				new QuotaGuard(this.clients, this.clients.retrier(), quota, this.runId), gate, PlanTag.value(TAG),
				ErrorCatalogue.english());
	}

	private ImportSubmitter submitter(InFlightGate gate) {
		return submitter(gate, new SubmitProperties.Quota(0, 0));
	}

	/** An image of the ledger, moved to {@code status} through the status machine. */
	private ImageRow image(int firstLine, String name, ImageStatus status) {
		return image(firstLine, REGION, "disks-hz", name, status);
	}

	private ImageRow image(int firstLine, String region, String bucket, String name, ImageStatus status) {
		this.images.insertPlanned(this.runId, List.of(new PlannedImage(firstLine, region, name, String.valueOf(firstLine),
				1, Map.of(), List.of(new PlannedDisk(firstLine, 1, bucket, "web.qcow2", "qcow2", 40)), List.of())));
		this.images.transition(this.runId, firstLine, ImageStatus.PLANNED, ImageStatus.VERIFIED, ImageChange.ok());
		if (status == ImageStatus.SUBMITTING) {
			this.images.transition(this.runId, firstLine, ImageStatus.VERIFIED, ImageStatus.SUBMITTING,
					ImageChange.ok());
		}
		return this.images.page(this.runId, status, firstLine - 1, firstLine, 1).get(0);
	}

	private String status(int firstLine) {
		return this.jdbc.queryForObject("SELECT status FROM image WHERE run_id = ? AND first_line = ?", String.class,
				this.runId, firstLine);
	}

	/** An import in the sandbox made by someone else (without this project's tag), or by us. */
	private void importInTheCloud(String name, boolean ours) throws Exception {
		ImportImageRequest request = this.clients.ecs(new ImportImageRequest(), REGION);
		request.setImageName(name);
		ImportImageRequest.DiskDeviceMapping disk = new ImportImageRequest.DiskDeviceMapping();
		disk.setOSSBucket("disks-hz");
		disk.setOSSObject("web.qcow2");
		request.setDiskDeviceMappings(List.of(disk));
		if (ours) {
			request.setTags(ImportRequests.tags(null, TAG));
		}
		this.clients.acs().getAcsResponse(request);
	}

	/** Whether the gate lets one more import into the region at once, without waiting for an import to end. */
	private static boolean roomAtOnce(InFlightGate gate) throws Exception {
		CompletableFuture<InFlightGate.Slot> entered = new CompletableFuture<>();
		Thread entering = new Thread(() -> {
			try {
				entered.complete(gate.enter(REGION));
			}
			catch (Throwable ex) {
				entered.completeExceptionally(ex);
			}
		});
		entering.start();
		try {
			entered.get(2, TimeUnit.SECONDS).close();
			return true;
		}
		catch (java.util.concurrent.TimeoutException ex) {
			return false;
		}
		finally {
			entering.interrupt();
			entering.join();
		}
	}

	@Test
	void theIntentIsCommittedBeforeTheCallEvenInsideTheCallersTransaction() throws Exception {
		start(hangzhou().build());
		ImageRow image = image(2, "intent", ImageStatus.VERIFIED);
		ImportSubmitter submitter = submitter(gate(10));
		CallHold hold = this.sandbox.hold("ImportImage", 0);
		// the processor runs on a worker thread today; here it runs inside a transaction of the caller
		CompletableFuture<Submission> submitted = CompletableFuture.supplyAsync(
				() -> new TransactionTemplate(this.transactionManager).execute(status -> {
					try {
						return submitter.submit(image);
					}
					catch (InterruptedException ex) {
						throw new IllegalStateException(ex);
					}
				}));
		try {
			while (hold.held() == 0) {
				assertThat(submitted).as("the call is held in the sandbox").isNotDone();
				Thread.sleep(10);
			}
			assertThat(status(2)).as("read from another connection while the call waits").isEqualTo("SUBMITTING");
		}
		finally {
			hold.release();
		}
		assertThat(submitted.get().to()).isEqualTo(ImageStatus.SUBMITTED);
	}

	@Test
	void anImageFoundSubmittingWhoseNameAnotherHoldsGivesBackNoRoomItDidNotTake() throws Exception {
		start(hangzhou().build());
		importInTheCloud("clash", false);
		InFlightGate gate = gate(1);
		ImportSubmitter submitter = submitter(gate);
		Submission first = submitter.submit(image(2, "first", ImageStatus.VERIFIED));
		assertThat(first.to()).as("takes the region's one place").isEqualTo(ImageStatus.SUBMITTED);
		Submission clash = submitter.submit(image(3, "clash", ImageStatus.SUBMITTING));
		assertThat(clash.to()).isEqualTo(ImageStatus.SUBMIT_FAILED);
		assertThat(clash.change().errorCode()).isEqualTo("InvalidImageName.Duplicated");
		assertThat(roomAtOnce(gate)).as("the first import still runs: the cap is reached").isFalse();
	}

	@Test
	void aLostAnswerIsResolvedByAdoptingTheImageItMade() throws Exception {
		start(hangzhou().lostResponseRate(1.0).build());
		InFlightGate gate = gate(1);
		Submission submission = submitter(gate).submit(image(2, "lost", ImageStatus.VERIFIED));
		assertThat(submission.to()).isEqualTo(ImageStatus.SUBMITTED);
		assertThat(submission.change().imageId()).as("the image the unanswered call made").isNotNull();
		assertThat(submission.change().message()).startsWith("found in the cloud after an unanswered call");
		assertThat(this.sandbox.counters().calls("ImportImage")).as("never sent twice").isEqualTo(1);
		assertThat(roomAtOnce(gate)).as("the adopted import keeps its place").isFalse();
	}

	@Test
	void anImageFoundSubmittingAfterACrashIsAdoptedWithoutACall() throws Exception {
		start(hangzhou().build());
		importInTheCloud("crashed", true);
		Submission submission = submitter(gate(10)).submit(image(2, "crashed", ImageStatus.SUBMITTING));
		assertThat(submission.from()).isEqualTo(ImageStatus.SUBMITTING);
		assertThat(submission.to()).isEqualTo(ImageStatus.SUBMITTED);
		assertThat(this.sandbox.counters().calls("ImportImage")).as("only the one before the crash").isEqualTo(1);
	}

	@Test
	void anImageFoundSubmittingButNotInTheCloudIsSentNow() throws Exception {
		start(hangzhou().build());
		Submission submission = submitter(gate(10)).submit(image(2, "never-sent", ImageStatus.SUBMITTING));
		assertThat(submission.to()).isEqualTo(ImageStatus.SUBMITTED);
		assertThat(this.sandbox.counters().calls("ImportImage")).isEqualTo(1);
	}

	@Test
	void callsThatNeverArriveAreSentAgainUpToTheLimitThenTheImageWaitsForTheNextLaunch() throws Exception {
		start(hangzhou().build());
		// every ImportImage is dropped unanswered without being carried out: a new hold waits for the next;
		// the first is in place before anything is sent (made in the dropper, the first call could pass it)
		AtomicInteger dropped = new AtomicInteger();
		CallHold first = this.sandbox.hold("ImportImage", 0);
		Thread dropper = new Thread(() -> {
			CallHold hold = first;
			while (!Thread.currentThread().isInterrupted()) {
				if (hold.held() > 0) {
					CallHold next = this.sandbox.hold("ImportImage", 0);
					hold.drop();
					dropped.incrementAndGet();
					hold = next;
				}
				Thread.onSpinWait();
			}
			hold.release();
		});
		dropper.start();
		InFlightGate gate = gate(1);
		Submission submission;
		try {
			submission = submitter(gate).submit(image(2, "unlucky", ImageStatus.VERIFIED));
		}
		finally {
			dropper.interrupt();
			dropper.join();
		}
		assertThat(dropped).as("each send").hasValue(ImportSubmitter.MAX_SENDS);
		assertThat(submission.to()).as("the outcome is still unknown: the next launch looks it up, never the chunk fails")
			.isEqualTo(ImageStatus.SUBMITTING);
		assertThat(submission.change().errorCode()).isNotNull();
		assertThat(this.sandbox.counters().calls("DescribeImages")).as("a lookup after each unanswered send")
			.isGreaterThanOrEqualTo(ImportSubmitter.MAX_SENDS);
		assertThat(roomAtOnce(gate)).as("no import started: its place is free").isTrue();
	}

	@Test
	void aNameTakenByAnImageTheListingDoesNotShowYetLeavesTheImageForTheNextLookNotFailed() throws Exception {
		// the call before a crash made the image, and DescribeImages lists new images late
		start(hangzhou().listingLagSeconds(600).build());
		importInTheCloud("lagging", true);
		Submission submission = submitter(gate(10)).submit(image(2, "lagging", ImageStatus.SUBMITTING));
		assertThat(this.sandbox.counters().calls("ImportImage")).as("sent again: the lookup found nothing")
			.isEqualTo(2);
		assertThat(submission.to()).as("the name is ours, still importing: not this image's failure")
			.isEqualTo(ImageStatus.SUBMITTING);
		assertThat(submission.change().message()).contains("not listed yet");
	}

	@Test
	void aNameHeldByAnImageNotOfThisProjectFailsTheImageAndFreesItsPlace() throws Exception {
		start(hangzhou().build());
		importInTheCloud("taken", false);
		InFlightGate gate = gate(1);
		Submission submission = submitter(gate).submit(image(2, "taken", ImageStatus.VERIFIED));
		assertThat(submission.to()).isEqualTo(ImageStatus.SUBMIT_FAILED);
		assertThat(submission.change().errorCode()).isEqualTo("InvalidImageName.Duplicated");
		assertThat(submission.change().message()).contains("was not imported by the migrator");
		assertThat(roomAtOnce(gate)).isTrue();
	}

	@Test
	void aRegionWithoutQuotaIsDeferredBeforeAnyCall() throws Exception {
		start(hangzhou().build());
		importInTheCloud("someone-elses", false);
		ImportSubmitter submitter = submitter(gate(10), new SubmitProperties.Quota(1, 0));
		Submission submission = submitter.submit(image(2, "no-room", ImageStatus.VERIFIED));
		assertThat(submission.from()).isEqualTo(ImageStatus.VERIFIED);
		assertThat(submission.to()).isEqualTo(ImageStatus.DEFERRED);
		assertThat(submission.change().errorCode()).isEqualTo("QuotaExceed.Image");
		assertThat(status(2)).as("no intent: nothing was sent").isEqualTo("VERIFIED");
		assertThat(this.sandbox.counters().calls("ImportImage")).isEqualTo(1);
	}

	@Test
	void aQuotaAnswerDefersTheImageAndTheRestOfItsRegion() throws Exception {
		start(hangzhou().imageQuota(1).existingImages(1).build());
		InFlightGate gate = gate(1);
		ImportSubmitter submitter = submitter(gate);
		Submission first = submitter.submit(image(2, "over", ImageStatus.VERIFIED));
		assertThat(first.to()).isEqualTo(ImageStatus.DEFERRED);
		assertThat(first.change().errorCode()).isEqualTo("QuotaExceed.Image");
		Submission second = submitter.submit(image(3, "next", ImageStatus.VERIFIED));
		assertThat(second.from()).as("without a call").isEqualTo(ImageStatus.VERIFIED);
		assertThat(second.to()).isEqualTo(ImageStatus.DEFERRED);
		assertThat(this.sandbox.counters().calls("ImportImage")).isEqualTo(1);
		assertThat(roomAtOnce(gate)).isTrue();
	}

	@Test
	void aRoleOnlyThisImageNamesIsRefusedForThisImageAloneAndTheOthersGoOn() throws Exception {
		// the default role is missing too: a refusal of the run's role would stop every call
		start(hangzhou().noImportRole().customRole("ImageImporter").build());
		ImportSubmitter submitter = submitter(gate(10));
		ImageRow retired = withRole(image(2, "retired", ImageStatus.VERIFIED), "RetiredImporter", true);
		Submission refused = submitter.submit(retired);
		assertThat(refused.to()).isEqualTo(ImageStatus.SUBMIT_FAILED);
		assertThat(refused.change().errorCode()).isEqualTo("NoSetRoletoECSServiceAccount");
		assertThat(refused.change().hint()).contains("create the RAM role RetiredImporter");
		assertThat(submitter.accountStop()).isNull();
		Submission next = submitter.submit(withRole(image(3, "next", ImageStatus.VERIFIED), "ImageImporter", true));
		assertThat(next.to()).isEqualTo(ImageStatus.SUBMITTED);
		Submission runs = submitter.submit(withRole(image(4, "default", ImageStatus.VERIFIED), null, false));
		assertThat(runs.to()).as("the run's role: an account error").isEqualTo(ImageStatus.DEFERRED);
		assertThat(submitter.accountStop()).isNotNull();
	}

	private static ImageRow withRole(ImageRow image, String role, boolean own) {
		return new ImageRow(image.runId(), image.firstLine(), image.region(), image.name(), image.status(),
				image.architecture(), image.osType(), image.platform(), image.description(), image.bootMode(),
				image.licenseType(), image.tags(), image.imageId(), image.disks(), role, own, null);
	}

	@Test
	void anAccountErrorStopsEveryCall() throws Exception {
		start(hangzhou().importForbidden().build());
		ImportSubmitter submitter = submitter(gate(10));
		Submission first = submitter.submit(image(2, "forbidden", ImageStatus.VERIFIED));
		assertThat(first.to()).isEqualTo(ImageStatus.DEFERRED);
		assertThat(first.change().errorCode()).isEqualTo("Forbbiden");
		assertThat(submitter.accountStop()).isNotNull();
		assertThat(submitter.submit(image(3, "not-sent", ImageStatus.VERIFIED))).as("nothing done").isNull();
		assertThat(this.sandbox.counters().calls("ImportImage")).isEqualTo(1);
	}

	@Test
	void aRegionThatCannotImportFailsItsImagesWithoutMoreCalls() throws Exception {
		start(hangzhou().importNotSupported().build());
		ImportSubmitter submitter = submitter(gate(10));
		Submission first = submitter.submit(image(2, "first", ImageStatus.VERIFIED));
		assertThat(first.to()).isEqualTo(ImageStatus.SUBMIT_FAILED);
		assertThat(first.change().errorCode()).isEqualTo("InvalidRegion.NotSupport");
		Submission second = submitter.submit(image(3, "second", ImageStatus.VERIFIED));
		assertThat(second.from()).isEqualTo(ImageStatus.VERIFIED);
		assertThat(second.to()).isEqualTo(ImageStatus.SUBMIT_FAILED);
		assertThat(second.change().errorCode()).isEqualTo("InvalidRegion.NotSupport");
		assertThat(this.sandbox.counters().calls("ImportImage")).isEqualTo(1);
	}

	/**
	 * An account error in one region ends at once the wait of an image at the in-flight cap of
	 * another (the poll interval is an hour): it is not sent, and stays VERIFIED for the next launch.
	 */
	@Test
	void anAccountErrorEndsTheWaitsForRoomAtOnce() throws Exception {
		AtTheCap atTheCap = imageWaitingAtTheCap(
				hangzhou().region(SHANGHAI).bucket("disks-sh", SHANGHAI).object("web.qcow2", DiskKind.QCOW2, 40));
		this.sandbox.failNext("ImportImage", 1, 400, "Forbbiden",
				"User not authorized to operate on the specified resource.");
		Submission refused = atTheCap.submitter()
			.submit(image(3, SHANGHAI, "disks-sh", "refused", ImageStatus.VERIFIED));
		assertThat(refused.to()).isEqualTo(ImageStatus.DEFERRED);
		assertThat(atTheCap.submitter().accountStop()).isNotNull();
		assertThat(atTheCap.waiting().get(30, TimeUnit.SECONDS)).as("nothing done").isNull();
		assertThat(status(2)).isEqualTo("VERIFIED");
		assertThat(this.sandbox.counters().calls("ImportImage")).as("the one running, and the refused one")
			.isEqualTo(2);
	}

	/**
	 * A submission that fails (an account error answered to a lookup: no image's outcome, the step's
	 * failure) ends the waits for room at once too, though the run met no account stop of its own.
	 */
	@Test
	void aFailingSubmissionEndsTheWaitsForRoomAtOnce() throws Exception {
		AtTheCap atTheCap = imageWaitingAtTheCap(hangzhou());
		this.sandbox.failNext("DescribeImages", 1, 403, "Forbidden.RAM",
				"User not authorized to operate on the specified resource, or this API doesn't support RAM.");
		CloudCallException failed = catchThrowableOfType(CloudCallException.class,
				() -> atTheCap.submitter().submit(image(3, "looked-up", ImageStatus.SUBMITTING)));
		assertThat(failed.failure().errorClass()).isEqualTo(ErrorClass.ACCOUNT);
		assertThat(atTheCap.waiting().get(30, TimeUnit.SECONDS)).as("nothing done").isNull();
		assertThat(status(2)).isEqualTo("VERIFIED");
	}

	/** A submitter, and the submission of the image (line 2) it holds at Hangzhou's in-flight cap. */
	private record AtTheCap(ImportSubmitter submitter, CompletableFuture<Submission> waiting) {
	}

	/**
	 * Starts the scenario with Hangzhou's one place in flight taken, and submits an image of Hangzhou
	 * on a thread of its own; returns once it sleeps at the cap, for an hour.
	 */
	private AtTheCap imageWaitingAtTheCap(Scenarios scenario) throws Exception {
		start(scenario.build());
		importInTheCloud("running", true);
		CountDownLatch atCap = new CountDownLatch(1);
		ImportSubmitter submitter = submitter(new InFlightGate(this.clients, this.clients.retrier(), 1,
				Duration.ofHours(1), this.runId, duration -> {
					atCap.countDown();
					return Waits.UNTIL_TIME.sleep(duration);
				}));
		ImageRow image = image(2, "waiting", ImageStatus.VERIFIED);
		CompletableFuture<Submission> waiting = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				waiting.complete(submitter.submit(image));
			}
			catch (Throwable ex) {
				waiting.completeExceptionally(ex);
			}
		});
		thread.setDaemon(true);
		thread.start();
		atCap.await();
		return new AtTheCap(submitter, waiting);
	}

}
