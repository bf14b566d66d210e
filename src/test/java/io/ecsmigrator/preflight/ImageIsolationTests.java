package io.ecsmigrator.preflight;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, section 1: an OSS problem of one image's bucket or object is that image's verdict, a
 * denied bucket location is decided another way, and passing failures that outlive their retries
 * leave the image unchecked instead of stopping the run; through the official SDKs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class ImageIsolationTests {

	private static final String HZ = "cn-hangzhou";

	private SandboxServer sandbox;

	private CloudClients clients;

	private ImageVerifier verifier;

	private void start(Scenario.Faults faults, String signatureVersion, int attempts) throws Exception {
		Scenarios scenario = Scenarios.scenario().region(HZ).region("cn-shanghai");
		// every bucket holds the same two objects: one readable, one archived
		scenario.bucket("disks-hz", HZ);
		scenario.bucket("denied-hz", HZ).locationDenied();
		scenario.bucket("denied-sh", "cn-shanghai").locationDenied();
		scenario.bucket("theirs", HZ).otherAccount();
		for (String bucket : List.of("disks-hz", "denied-hz", "denied-sh", "theirs")) {
			scenario.bucket(bucket, bucket.endsWith("-sh") ? "cn-shanghai" : HZ)
				.object("web.qcow2", DiskKind.QCOW2, 40)
				.object("old.qcow2", DiskKind.QCOW2, 40, "Archive");
		}
		this.sandbox = SandboxServer.start(scenario.importSeconds(0).seed(7L).withFaults(faults).build(), 0);
		SandboxCloud.useCredentials("testAK", "testSecret");
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, signatureVersion, attempts));
		this.verifier = new ImageVerifier(this.clients, this.clients.retrier(), ErrorCatalogue.english());
	}

	@AfterEach
	void stop() {
		SandboxCloud.clearCredentials();
		this.clients.destroy();
		this.sandbox.close();
	}

	private Verdict verify(String name, String bucket, String object) {
		return this.verifier.verify(new ImageToVerify(1, 2, HZ, name, List.of(new ImageToVerify.Disk(2, 1, bucket,
				object, null))));
	}

	@Test
	void aBucketWhoseLocationIsDeniedIsCheckedAtTheRegionsEndpointAndGoesOn() throws Exception {
		start(null, "V4", 3);
		Verdict verdict = verify("web-01", "denied-hz", "web.qcow2");
		assertThat(verdict.status()).isEqualTo(ImageStatus.VERIFIED);
		assertThat(verdict.regionCheck()).contains("denied-hz", "object read at the cn-hangzhou endpoint");
		assertThat(verdict.warnings()).singleElement().asString().contains("GetBucketLocation", "denied-hz");
		assertThat(verify("web-02", "disks-hz", "web.qcow2").regionCheck()).isEqualTo("disks-hz: GetBucketLocation");
	}

	@Test
	void aDeniedLocationInAnotherRegionIsToldByTheEndpointsAnswer() throws Exception {
		start(null, "V4", 3);
		Verdict verdict = verify("web-01", "denied-sh", "web.qcow2");
		assertThat(verdict.status()).isEqualTo(ImageStatus.VERIFY_FAILED);
		assertThat(verdict.change().errorCode()).isEqualTo("InvalidOSSBucket.NotFound");
		assertThat(verdict.change().message()).contains("oss://denied-sh/web.qcow2", "the bucket is in cn-shanghai");
	}

	@Test
	void withV1SignaturesADeniedLocationIsAWarningAndImportImageJudges() throws Exception {
		start(null, "V1", 3);
		Verdict verdict = verify("web-01", "denied-hz", "web.qcow2");
		assertThat(verdict.status()).isEqualTo(ImageStatus.VERIFIED);
		assertThat(verdict.regionCheck()).contains("not verified");
		assertThat(verdict.warnings()).singleElement().asString().contains("ImportImage will say");
	}

	@Test
	void anArchivedObjectAndAnotherAccountsBucketFailOnlyTheirImage() throws Exception {
		start(null, "V4", 3);
		Verdict archived = verify("old", "disks-hz", "old.qcow2");
		assertThat(archived.status()).isEqualTo(ImageStatus.VERIFY_FAILED);
		assertThat(archived.change().errorCode()).isEqualTo("InvalidObjectState");
		assertThat(archived.change().message()).contains("oss://disks-hz/old.qcow2", "Archive");
		assertThat(archived.change().hint()).contains("restore");
		Verdict theirs = verify("theirs", "theirs", "web.qcow2");
		assertThat(theirs.status()).isEqualTo(ImageStatus.VERIFY_FAILED);
		assertThat(theirs.change().errorCode()).isEqualTo("AccessDenied");
		assertThat(theirs.change().message()).contains("oss://theirs/web.qcow2");
		assertThat(theirs.change().hint()).contains("another account");
		assertThat(verify("web-01", "disks-hz", "web.qcow2").status()).as("the others go on")
			.isEqualTo(ImageStatus.VERIFIED);
	}

	@Test
	void burstsOfEight503sAreRetriedRequestByRequest() throws Exception {
		// a burst every 10 requests: a probe retried as a whole would meet it again
		start(Scenarios.scenario().ossBurst(10, null, 8).faults(),
				"V4", 12);
		for (int i = 0; i < 12; i++) {
			assertThat(verify("web-" + i, "disks-hz", "web.qcow2").status()).isEqualTo(ImageStatus.VERIFIED);
		}
		assertThat(this.sandbox.counters().faults().keySet()).anyMatch(k -> k.contains("SlowDown")
				|| k.contains("ServiceUnavailable"));
	}

	@Test
	void passingFailuresThatOutliveTheirRetriesLeaveTheImageUncheckedNotFailed() throws Exception {
		// every OSS request answered 503, in one burst longer than the retries
		start(Scenarios.scenario().ossBurst(1, null, 1000).faults(), "V4", 3);
		Verdict verdict = verify("web-01", "disks-hz", "web.qcow2");
		assertThat(verdict.status()).isEqualTo(ImageStatus.PLANNED);
		assertThat(verdict.unchecked()).isTrue();
		assertThat(verdict.change().errorCode()).isIn("SlowDown", "ServiceUnavailable");
		assertThat(verdict.change().message()).contains("not checked yet");
		assertThat(verdict.change().attempts()).isEqualTo(3);
	}

}
