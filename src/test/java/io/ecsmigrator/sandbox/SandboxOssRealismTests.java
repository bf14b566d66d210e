package io.ecsmigrator.sandbox;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.GetObjectRequest;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * OSS answers the real cloud gives every day, through the official OSS SDK: bursts of 503s, a
 * bodiless 503 to a HEAD, a bucket whose location is denied, archived objects, another account's
 * bucket, another region's endpoint, and a skewed clock.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class SandboxOssRealismTests {

	private final MutableClock clock = new MutableClock();

	private SandboxServer sandbox;

	private final List<OSS> clients = new ArrayList<>();

	private void start(Scenario.Faults faults) throws Exception {
		start(faults, false);
	}

	private void start(Scenario.Faults faults, boolean checkTimestamps) throws Exception {
		Scenario scenario = Scenarios.scenario().region("cn-hangzhou").region("cn-shanghai")
			.bucket("disks-hz", "cn-hangzhou").object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.object("old.qcow2", Scenario.DiskKind.QCOW2, 40, "Archive")
			.bucket("metadata-denied", "cn-hangzhou").object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.object("old.qcow2", Scenario.DiskKind.QCOW2, 40, "Archive").locationDenied()
			.bucket("someone-elses", "cn-hangzhou").object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.object("old.qcow2", Scenario.DiskKind.QCOW2, 40, "Archive").otherAccount()
			.importSeconds(60).seed(5L).withFaults(faults).build();
		if (checkTimestamps) {
			this.clock.set(Instant.now());
			scenario = scenario.withTimestampCheck(0);
		}
		this.sandbox = SandboxServer.start(scenario, 0, this.clock);
	}

	@AfterEach
	void stop() {
		this.clients.forEach(OSS::shutdown);
		this.sandbox.close();
	}

	private OSS client(SignVersion version, String region) {
		ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
		conf.setMaxErrorRetry(0);
		conf.setSignatureVersion(version);
		OSS oss = OSSClientBuilder.create()
			.endpoint("http://" + this.sandbox.endpoint())
			.credentialsProvider(new DefaultCredentialProvider("testAK", "testSecret"))
			.clientConfiguration(conf)
			.region(region)
			.build();
		this.clients.add(oss);
		return oss;
	}

	private OSS client() {
		return client(SignVersion.V4, "cn-hangzhou");
	}

	private static String outcome(Runnable call) {
		try {
			call.run();
			return "ok";
		}
		catch (OSSException ex) {
			return ex.getErrorCode();
		}
	}

	private static int read(OSS oss, String bucket, String key) throws Exception {
		GetObjectRequest request = new GetObjectRequest(bucket, key);
		request.setRange(0, 511);
		try (InputStream in = oss.getObject(request).getObjectContent()) {
			return in.readAllBytes().length;
		}
	}

	@Test
	void burstsOf503sHitConsecutiveRequests() throws Exception {
		start(Scenarios.scenario().ossBurst(10, null, 4).faults());
		OSS oss = client();
		List<String> outcomes = new ArrayList<>();
		for (int i = 1; i <= 25; i++) {
			outcomes.add(outcome(() -> oss.getObjectMetadata("disks-hz", "web.qcow2")));
		}
		// requests 10-13 and 20-23 fail, each burst with one of OSS's two 503 codes
		for (int i = 1; i <= 25; i++) {
			boolean inBurst = (i >= 10 && i <= 13) || (i >= 20 && i <= 23);
			assertThat(outcomes.get(i - 1)).as("request %d", i)
				.matches(inBurst ? "SlowDown|ServiceUnavailable" : "ok");
		}
		assertThat(outcomes.subList(9, 13)).as("one code a burst").containsOnly(outcomes.get(9));
	}

	@Test
	void burstsStartAtARateAndFollowTheSeed() throws Exception {
		Scenario.Faults faults = Scenarios.scenario().ossBurst(null, 0.05, 8).faults();
		start(faults);
		List<String> first = new ArrayList<>();
		OSS one = client();
		for (int i = 0; i < 200; i++) {
			first.add(outcome(() -> one.getBucketLocation("disks-hz")));
		}
		assertThat(first).contains("ok").containsAnyOf("SlowDown", "ServiceUnavailable");
		int start = first.indexOf(first.stream().filter(o -> !o.equals("ok")).findFirst().orElseThrow());
		assertThat(first.subList(start, start + 8)).as("a burst is 8 consecutive requests").doesNotContain("ok");
		this.sandbox.close();
		start(faults);
		List<String> again = new ArrayList<>();
		OSS oss = client();
		for (int n = 0; n < 200; n++) {
			again.add(outcome(() -> oss.getBucketLocation("disks-hz")));
		}
		assertThat(again).as("the same seed replays the same bursts").isEqualTo(first);
	}

	@Test
	void aBodiless503ToAHead() throws Exception {
		start(Scenarios.scenario().ossBodilessHeadRate(1.0).faults());
		OSSException head = catchThrowableOfType(OSSException.class,
				() -> client().getObjectMetadata("disks-hz", "web.qcow2"));
		// no body and no x-oss-err: aliyun-sdk-oss 3.18.5 has nothing to read the code from
		assertThat(head.getErrorCode()).isEqualTo("Unknown");
		assertThat(read(client(), "disks-hz", "web.qcow2")).as("GETs are not touched").isEqualTo(512);
		assertThat(this.sandbox.counters().faults()).containsEntry("OSS.HeadObject BodilessHead503", 1L);
	}

	@Test
	void aBucketWhoseLocationIsDeniedStillServesItsObjects() throws Exception {
		start(null);
		OSS oss = client();
		assertThat(outcome(() -> oss.getBucketLocation("metadata-denied"))).isEqualTo("AccessDenied");
		assertThat(outcome(() -> oss.getBucketInfo("metadata-denied"))).isEqualTo("AccessDenied");
		assertThat(oss.getObjectMetadata("metadata-denied", "web.qcow2").getContentLength()).isPositive();
		assertThat(read(oss, "metadata-denied", "web.qcow2")).isEqualTo(512);
	}

	@Test
	void anArchivedObjectCannotBeReadButItsMetadataCan() throws Exception {
		start(null);
		OSS oss = client();
		OSSException get = catchThrowableOfType(OSSException.class, () -> read(oss, "disks-hz", "old.qcow2"));
		assertThat(get.getErrorCode()).isEqualTo("InvalidObjectState");
		var meta = oss.getObjectMetadata("disks-hz", "old.qcow2");
		assertThat(meta.getObjectStorageClass().toString()).isEqualTo("Archive");
		assertThat(meta.getContentLength()).isPositive();
		assertThat(oss.getObjectMetadata("disks-hz", "web.qcow2").getObjectStorageClass().toString())
			.isEqualTo("Standard");
	}

	@Test
	void anotherAccountsBucketDeniesEverything() throws Exception {
		start(null);
		OSS oss = client();
		assertThat(outcome(() -> oss.getBucketLocation("someone-elses"))).isEqualTo("AccessDenied");
		assertThat(outcome(() -> oss.getObjectMetadata("someone-elses", "web.qcow2"))).isEqualTo("AccessDenied");
		assertThat(catchThrowableOfType(OSSException.class, () -> read(oss, "someone-elses", "web.qcow2")).getErrorCode())
			.isEqualTo("AccessDenied");
	}

	@Test
	void anotherRegionsEndpointIsToldTheRightOne() throws Exception {
		start(null);
		OSS shanghai = client(SignVersion.V4, "cn-shanghai");
		OSSException wrong = catchThrowableOfType(OSSException.class, () -> read(shanghai, "disks-hz", "web.qcow2"));
		assertThat(wrong.getErrorCode()).isEqualTo("AccessDenied");
		assertThat(wrong.getErrorMessage()).contains("must be addressed using the specified endpoint");
		assertThat(wrong.getRawResponseError()).contains("<Endpoint>oss-cn-hangzhou.aliyuncs.com</Endpoint>");
		assertThat(outcome(() -> shanghai.getObjectMetadata("disks-hz", "web.qcow2"))).isEqualTo("AccessDenied");
		assertThat(shanghai.getBucketLocation("disks-hz")).as("location answers at any endpoint")
			.isEqualTo("oss-cn-hangzhou");
		// V1 signs no region, and one port serves every region: the sandbox cannot tell
		assertThat(read(client(SignVersion.V1, "cn-shanghai"), "disks-hz", "web.qcow2")).isEqualTo(512);
	}

	@Test
	void aSkewedClockIsRefused() throws Exception {
		start(null, true);
		assertThat(read(client(), "disks-hz", "web.qcow2")).isEqualTo(512);
		this.clock.advance(Duration.ofMinutes(16));
		for (SignVersion version : List.of(SignVersion.V1, SignVersion.V4)) {
			OSS oss = client(version, "cn-hangzhou");
			assertThat(catchThrowableOfType(OSSException.class, () -> read(oss, "disks-hz", "web.qcow2")).getErrorCode())
				.as("%s", version).isEqualTo("RequestTimeTooSkewed");
			assertThat(outcome(() -> oss.getObjectMetadata("disks-hz", "web.qcow2"))).isEqualTo("RequestTimeTooSkewed");
		}
	}

}
