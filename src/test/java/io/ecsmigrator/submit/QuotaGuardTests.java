package io.ecsmigrator.submit;

import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.CloudFailure;
import io.ecsmigrator.cloud.ErrorClass;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.CloudImports;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** The quotas of custom images and snapshots per region, counted in the cloud and between looks. */
@Timeout(60)
class QuotaGuardTests {

	private static final String HZ = "cn-hangzhou";

	private static final String SH = "cn-shanghai";

	private SandboxServer sandbox;

	private CloudClients clients;

	@AfterEach
	void stop() {
		this.clients.destroy();
		SandboxCloud.clearCredentials();
		this.sandbox.close();
	}

	private QuotaGuard guard(Scenario scenario, int images, int snapshots) throws Exception {
		this.sandbox = SandboxServer.start(scenario, 0);
		SandboxCloud.useCredentials("testAK", "testSecret");
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 3));
		return new QuotaGuard(this.clients, this.clients.retrier(), new SubmitProperties.Quota(images, snapshots), 1);
	}

	private static Scenarios twoRegions() {
		return Scenarios.scenario()
			.region(HZ)
			.existingImages(2)
			.region(SH)
			.bucket("disks-hz", HZ)
			.object("web.qcow2", DiskKind.QCOW2, 40)
			.importSeconds(600);
	}

	private long describeCalls() {
		return this.sandbox.counters().calls("DescribeImages") + this.sandbox.counters().calls("DescribeSnapshots");
	}

	@Test
	void withoutConfiguredQuotasItNeverAsks() throws Exception {
		QuotaGuard guard = guard(twoRegions().build(), 0, 0);
		for (int i = 0; i < 10; i++) {
			assertThat(guard.reserve(HZ, 3)).isNull();
		}
		assertThat(describeCalls()).isZero();
	}

	@Test
	void everyImageOfTheRegionCountsAndThenWhatItLetThrough() throws Exception {
		QuotaGuard guard = guard(twoRegions().build(), 4, 0);
		CloudImports.importImage(this.clients, HZ, "someone-elses", "disks-hz", "web.qcow2", null);
		assertThat(guard.reserve(HZ, 1)).as("3 held, the 4th fits").isNull();
		CloudFailure full = guard.reserve(HZ, 1);
		assertThat(full).isNotNull();
		assertThat(full.errorClass()).isEqualTo(ErrorClass.QUOTA);
		assertThat(full.code()).isEqualTo("QuotaExceed.Image");
		assertThat(full.message()).contains("4 custom images").contains("migrator.submit.quota");
		assertThat(guard.reserve(HZ, 1)).as("the region stays deferred").isSameAs(full);
		assertThat(guard.reserve(SH, 1)).as("another region goes on").isNull();
	}

	@Test
	void roomTakenForAnImageNotSentIsGivenBack() throws Exception {
		QuotaGuard guard = guard(twoRegions().build(), 4, 0);
		// the region's two images held, and two more fit
		assertThat(guard.reserve(HZ, 1)).isNull();
		assertThat(guard.reserve(HZ, 1)).isNull();
		guard.release(HZ, 1); // the run stopped before that image was sent
		assertThat(guard.reserve(HZ, 1)).as("the room given back is taken again").isNull();
		assertThat(guard.reserve(HZ, 1)).as("and then the region is full").isNotNull();
	}

	@Test
	void snapshotsCountOnePerDisk() throws Exception {
		QuotaGuard guard = guard(twoRegions().build(), 0, 10);
		// the region's two images hold a snapshot each
		assertThat(guard.reserve(HZ, 5)).isNull();
		CloudFailure full = guard.reserve(HZ, 4);
		assertThat(full).isNotNull();
		assertThat(full.code()).isEqualTo("QuotaExceed.Snapshot");
	}

	@Test
	void itAsksOnceAndAgainWhenToldTo() throws Exception {
		QuotaGuard guard = guard(twoRegions().build(), 100, 0);
		guard.reserve(HZ, 1);
		guard.reserve(HZ, 1);
		guard.reserve(HZ, 1);
		assertThat(this.sandbox.counters().calls("DescribeImages")).as("one look").isEqualTo(1);
		guard.lookAgain();
		guard.reserve(HZ, 1);
		assertThat(this.sandbox.counters().calls("DescribeImages")).as("it looks again").isEqualTo(2);
	}

	@Test
	void aQuotaAnswerDefersTheRegion() throws Exception {
		QuotaGuard guard = guard(twoRegions().build(), 0, 0);
		CloudFailure answer = new CloudFailure(ErrorClass.QUOTA, "QuotaExceed.Image", "The Image Quota exceeds.", "REQ",
				403, "hint");
		guard.exceeded(HZ, answer);
		assertThat(guard.reserve(HZ, 1)).isSameAs(answer);
		assertThat(guard.reserve(SH, 1)).isNull();
	}

}
