package io.ecsmigrator.preflight;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.inventory.DiskSizeLimits;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.ErrorClass;
import io.ecsmigrator.ledger.DiskFinding;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every preflight check of an image, against the sandbox through the official SDKs. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class ImageVerifierTests {

	private static final String HZ = "cn-hangzhou";

	private SandboxServer sandbox;

	private CloudClients clients;

	private ImageVerifier verifier;

	@BeforeEach
	void start() throws Exception {
		this.sandbox = SandboxServer.start(Scenarios.scenario()
			.region(HZ)
			.existingImages(1)
			.region("cn-shanghai")
			.bucket("disks-hz", HZ)
			.object("web.qcow2", DiskKind.QCOW2, 40)
			.object("data.raw", DiskKind.RAW_GPT, 600)
			.object("legacy.vmdk", DiskKind.VMDK, 20)
			.object("noise.img", DiskKind.GARBAGE, 10)
			.bucket("disks-sh", "cn-shanghai")
			.object("web.qcow2", DiskKind.QCOW2, 40)
			.importSeconds(0)
			.seed(1L)
			.build(), 0);
		SandboxCloud.useCredentials("testAK", "testSecret");
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 3));
		this.verifier = new ImageVerifier(this.clients, this.clients.retrier(), ErrorCatalogue.english());
	}

	@AfterEach
	void stop() {
		SandboxCloud.clearCredentials();
		this.clients.destroy();
		this.sandbox.close();
	}

	private static ImageToVerify image(String region, String name, ImageToVerify.Disk... disks) {
		return new ImageToVerify(1, 2, region, name, List.of(disks));
	}

	private static ImageToVerify.Disk disk(int index, String bucket, String object, Integer sizeGib) {
		return new ImageToVerify.Disk(index + 1, index, bucket, object, sizeGib);
	}

	/** An import of this project's in the sandbox (with its tag), as an earlier run made it. */
	private String importOurs(String name) throws Exception {
		ImportImageRequest ours = this.clients.ecs(new ImportImageRequest(), HZ);
		ours.setImageName(name);
		ImportImageRequest.DiskDeviceMapping mapping = new ImportImageRequest.DiskDeviceMapping();
		mapping.setOSSBucket("disks-hz");
		mapping.setOSSObject("web.qcow2");
		ours.setDiskDeviceMappings(List.of(mapping));
		ImportImageRequest.Tag tag = new ImportImageRequest.Tag();
		tag.setKey("ecs-image-migrator:plan");
		tag.setValue("run-1");
		ours.setTags(List.of(tag));
		return this.clients.acs().getAcsResponse(ours).getImageId();
	}

	private Verdict verify(ImageToVerify image) {
		return this.verifier.verify(image);
	}

	@Test
	void aGoodMultiDiskImageIsVerifiedWithWhatItsDisksHold() {
		Verdict verdict = verify(image(HZ, "db-01", disk(1, "disks-hz", "web.qcow2", 40), disk(2, "disks-hz", "data.raw", null)));
		assertThat(verdict.status()).isEqualTo(ImageStatus.VERIFIED);
		assertThat(verdict.disks()).extracting(DiskFinding::detectedFormat).containsExactly("qcow2", "RAW");
		assertThat(verdict.disks().get(0).virtualSize()).isEqualTo(40L << 30);
		assertThat(verdict.disks().get(1).objectSize()).isEqualTo(600L << 30);
	}

	private void assertFails(ImageToVerify image, String code, String... hintOrMessage) {
		Verdict verdict = verify(image);
		assertThat(verdict.status()).isEqualTo(ImageStatus.VERIFY_FAILED);
		assertThat(verdict.change().errorCode()).isEqualTo(code);
		assertThat(verdict.change().message()).isNotBlank();
		assertThat(verdict.change().hint()).isNotBlank();
		if (hintOrMessage.length > 0) {
			assertThat(verdict.change().message() + " | " + verdict.change().hint()).contains(hintOrMessage);
		}
	}

	@Test
	void eachCheckAnswersInTheApisVocabulary() {
		assertFails(image("cn-nowhere", "web", disk(1, "disks-hz", "web.qcow2", null)), "RegionId.NotFound");
		assertFails(image(HZ, "web", disk(1, "no-bucket", "web.qcow2", null)), "InvalidOSSBucket.NotFound",
				"does not exist");
		assertFails(image(HZ, "web", disk(1, "disks-sh", "web.qcow2", null)), "InvalidOSSBucket.NotFound",
				"the bucket is in cn-shanghai", "copy the file");
		assertFails(image(HZ, "web", disk(1, "disks-hz", "none.qcow2", null)), "InvalidOSSObject.NotFound");
		assertFails(image(HZ, "web", disk(1, "disks-hz", "legacy.vmdk", null)), "InvalidFormat.Malformed",
				"ECS does not import VMDK", "qemu-img convert");
		assertFails(image(HZ, "web", disk(1, "disks-hz", "web.qcow2", 20)), "InvalidImageSize",
				"the disk is 40 GiB but disk_size_gib says 20");
		assertFails(image(HZ, "web", disk(1, "disks-hz", "web.qcow2", 40), disk(2, "disks-hz", "data.raw", 500)),
				"InvalidImageSize", "600 GiB");
		assertFails(image(HZ, "web", disk(1, "disks-hz", "noise.img", null)), "InvalidFormat.Malformed",
				"no MBR or GPT");
	}

	@Test
	void aDiskLargerThanTheLimitFailsUnlessTheLimitIsRaised() {
		ImageVerifier strict = new ImageVerifier(this.clients, this.clients.retrier(), ErrorCatalogue.english(),
				new DiskSizeLimits("5..30", "5..1000"));
		Verdict refused = strict.verify(image(HZ, "web", disk(1, "disks-hz", "web.qcow2", null)));
		assertThat(refused.change().errorCode()).isEqualTo("InvalidImageSize");
		assertThat(refused.change().message()).contains("the disk is 40 GiB but ImportImage takes at most 30",
				"migrator.limits.system-disk-gib");
		ImageVerifier raised = new ImageVerifier(this.clients, this.clients.retrier(), ErrorCatalogue.english(),
				new DiskSizeLimits("5..500", "5..2048"));
		assertThat(raised.verify(image(HZ, "web", disk(1, "disks-hz", "web.qcow2", null))).status())
			.isEqualTo(io.ecsmigrator.ledger.ImageStatus.VERIFIED);
	}

	@Test
	void aNameHeldByAnotherImageFailsAndOneOfOursIsAdopted() throws Exception {
		assertFails(image(HZ, "existing-image-1", disk(1, "disks-hz", "web.qcow2", null)), "InvalidImageName.Duplicated",
				"already holds the name");

		String imageId = importOurs("web-01");

		this.verifier.newPass(); // the listing above was taken before web-01 existed
		Verdict adopted = verify(image(HZ, "web-01", disk(1, "disks-hz", "web.qcow2", null)));
		assertThat(adopted.status()).isEqualTo(ImageStatus.ALREADY_IMPORTED);
		assertThat(adopted.change().imageId()).isEqualTo(imageId);
	}

	@Test
	void anImportOfOursStillRunningIsNotCalledImportedButLeftToSubmitToAdoptAndTrack() throws Exception {
		this.clients.destroy();
		this.sandbox.close();
		this.sandbox = SandboxServer.start(Scenarios.scenario()
			.region(HZ)
			.bucket("disks-hz", HZ)
			.object("web.qcow2", DiskKind.QCOW2, 40)
			.importSeconds(3600)
			.build(), 0);
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 3));
		this.verifier = new ImageVerifier(this.clients, this.clients.retrier(), ErrorCatalogue.english());
		importOurs("web-01"); // Creating for an hour

		Verdict verdict = verify(image(HZ, "web-01", disk(1, "disks-hz", "web.qcow2", null)));

		assertThat(verdict.status()).as("an import still running may yet fail: it is not ALREADY_IMPORTED")
			.isEqualTo(ImageStatus.VERIFIED);
	}

	@Test
	void namesAreCheckedAgainstOneListingOfTheRegionNotOneCallPerImage() throws Exception {
		this.sandbox.close();
		// 250 images already in the region: the listing takes three pages of 100
		this.sandbox = SandboxServer.start(Scenarios.scenario()
			.region(HZ)
			.existingImages(250)
			.bucket("disks-hz", HZ)
			.object("web.qcow2", DiskKind.QCOW2, 40)
			.build(), 0);
		this.clients.destroy();
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 3));
		this.verifier = new ImageVerifier(this.clients, this.clients.retrier(), ErrorCatalogue.english());

		int images = 300;
		for (int i = 1; i <= images; i++) {
			assertThat(verify(image(HZ, "vm-" + i, disk(1, "disks-hz", "web.qcow2", null))).status())
				.isEqualTo(ImageStatus.VERIFIED);
		}
		assertFails(image(HZ, "existing-image-250", disk(1, "disks-hz", "web.qcow2", null)),
				"InvalidImageName.Duplicated", "already holds the name");
		long describeImages = this.sandbox.counters().calls("DescribeImages", HZ);
		assertThat(describeImages).as("one listing of 3 pages for %d images", images + 1).isEqualTo(3);
		assertThat((double) describeImages / (images + 1)).isLessThanOrEqualTo(0.05);

		this.verifier.newPass();
		verify(image(HZ, "vm-1", disk(1, "disks-hz", "web.qcow2", null)));
		assertThat(this.sandbox.counters().calls("DescribeImages", HZ)).as("a new pass lists again").isEqualTo(6);
	}

	@Test
	void regionsAreAskedOfTheHomeRegionNotOfAMistypedOne() {
		// with real per-region endpoints, ecs.cn-nowhere.aliyuncs.com would not resolve and stop the run
		Verdict verdict = verify(image("cn-nowhere", "web", disk(1, "disks-hz", "web.qcow2", null)));
		assertThat(verdict.change().errorCode()).isEqualTo("RegionId.NotFound");
		assertThat(this.sandbox.counters().calls("DescribeRegions", HZ)).isEqualTo(1);
		assertThat(this.sandbox.counters().calls("DescribeRegions", "cn-nowhere")).isZero();
	}

	@Test
	void wrongCredentialsStopTheRunInsteadOfFailingImages() {
		SandboxCloud.useCredentials("testAK", "wrong");
		CloudCallException ex = catchThrowableOfType(CloudCallException.class,
				() -> verify(image(HZ, "web", disk(1, "disks-hz", "web.qcow2", null))));
		assertThat(ex.failure().errorClass()).isEqualTo(ErrorClass.ACCOUNT);
		assertThat(ex.attempts()).as("not retried").isEqualTo(1);
	}

}
