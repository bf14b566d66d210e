package io.ecsmigrator.images;

import java.time.Duration;
import java.util.List;

import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.sandbox.MutableClock;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.CloudImports;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** The account's images by name and tag, as DescribeImages answers through the SDK. */
@Timeout(60)
class OwnImagesTests {

	private static final String REGION = "cn-hangzhou";

	private static final CallContext CONTEXT = new CallContext(1L, REGION, null);

	private final MutableClock clock = new MutableClock();

	private SandboxServer sandbox;

	private CloudClients clients;

	private OwnImages ownImages;

	@BeforeEach
	void start() throws Exception {
		this.sandbox = SandboxServer.start(Scenarios.scenario()
			.region(REGION)
			.existingImages(2)
			.bucket("disks-hz", REGION)
			.object("web.qcow2", DiskKind.QCOW2, 40)
			.object("junk.bin", DiskKind.GARBAGE, 40)
			.importSeconds(60)
			.seed(3)
			.build(), 0, this.clock);
		SandboxCloud.useCredentials("testAK", "testSecret");
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 3));
		this.ownImages = new OwnImages(this.clients, this.clients.retrier());
	}

	@AfterEach
	void stop() {
		this.clients.destroy();
		SandboxCloud.clearCredentials();
		this.sandbox.close();
	}

	private void importImage(String name, String object, String planTag) throws Exception {
		CloudImports.importImage(this.clients, REGION, name, "disks-hz", object, planTag);
	}

	@Test
	void aFreeNameHasNoHolder() {
		assertThat(this.ownImages.holder(CONTEXT, "free")).isNull();
	}

	@Test
	void theHolderOfANameSaysWhetherItIsOurs() throws Exception {
		importImage("ours", "web.qcow2", "wave.csv");
		importImage("theirs", "web.qcow2", null);
		OwnImages.Holder ours = this.ownImages.holder(CONTEXT, "ours");
		assertThat(ours.ours()).isTrue();
		assertThat(ours.imageId()).isNotNull();
		assertThat(ours.status()).isIn("Creating", "Waiting");
		assertThat(ours.requestId()).isNotNull();
		OwnImages.Holder theirs = this.ownImages.holder(CONTEXT, "theirs");
		assertThat(theirs.ours()).isFalse();
	}

	@Test
	void anImageWhoseImportFailedHoldsNoName() throws Exception {
		importImage("failed", "junk.bin", "wave.csv");
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.ownImages.holder(CONTEXT, "failed")).as("CreateFailed").isNull();
	}

	@Test
	void countsImagesByStatusAllOrOursOnly() throws Exception {
		importImage("ours-1", "web.qcow2", "wave.csv");
		importImage("ours-2", "web.qcow2", "another-wave.csv");
		importImage("theirs", "web.qcow2", null);
		assertThat(this.ownImages.count(CONTEXT, OwnImages.IMPORTING, true)).as("ours importing, any plan")
			.isEqualTo(2);
		assertThat(this.ownImages.count(CONTEXT, OwnImages.IMPORTING, false)).as("every import").isEqualTo(3);
		assertThat(this.ownImages.count(CONTEXT, OwnImages.LIVE, false)).as("and the two already there")
			.isEqualTo(5);
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.ownImages.count(CONTEXT, OwnImages.IMPORTING, true)).as("ended").isZero();
		assertThat(this.ownImages.count(CONTEXT, OwnImages.LIVE, true)).as("available").isEqualTo(2);
	}


	// the holder is chosen on the client, by the exact name: no reference says whether the ImageName
	// filter is exact

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
