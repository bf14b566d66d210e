package io.ecsmigrator.cloud;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyuncs.AcsRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The failures the official SDKs raise, from the sandbox over HTTP, and how each is classified. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class ErrorClassifierTests {

	private SandboxServer sandbox;

	/** The test's own settings (account, faults), in the world every test of the class shares. */
	private void start(Scenarios own, int imageQuota) throws Exception {
		this.sandbox = SandboxServer.start(own.region("cn-hangzhou")
			.imageQuota(imageQuota)
			.region("cn-wulanchabu")
			.importNotSupported()
			.bucket("disks-hz", "cn-hangzhou")
			.object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.importSeconds(60)
			.seed(3L)
			.build(), 0);
	}

	@AfterEach
	void stop() {
		if (this.sandbox != null) {
			this.sandbox.close();
		}
	}

	private static DefaultAcsClient ecs(String secret) {
		DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou", "testAK", secret);
		HttpClientConfig config = HttpClientConfig.getDefault();
		config.setProtocolType(ProtocolType.HTTP);
		profile.setHttpClientConfig(config);
		return new DefaultAcsClient(profile);
	}

	private CloudFailure failureOf(AcsRequest<?> request, String secret) {
		Throwable thrown = catchThrowable(() -> ecs(secret).getAcsResponse(request));
		assertThat(thrown).isNotNull();
		return ErrorClassifier.classify(thrown);
	}

	private ImportImageRequest importImage(String region, String name) {
		ImportImageRequest request = new ImportImageRequest();
		request.setSysEndpoint(this.sandbox.endpoint());
		request.setSysRegionId(region);
		request.setImageName(name);
		ImportImageRequest.DiskDeviceMapping disk = new ImportImageRequest.DiskDeviceMapping();
		disk.setOSSBucket("disks-hz");
		disk.setOSSObject("web.qcow2");
		request.setDiskDeviceMappings(List.of(disk));
		return request;
	}

	@Test
	void ecsAnswersAreClassifiedByTheirCode() throws Exception {
		start(Scenarios.scenario(), 1);
		assertThat(ErrorClassifier.classify(catchThrowable(() -> ecs("testSecret").getAcsResponse(importImage("cn-hangzhou", "1bad")))))
			.satisfies(f -> {
				assertThat(f.errorClass()).isEqualTo(ErrorClass.PERMANENT);
				assertThat(f.code()).isEqualTo("InvalidImageName.Malformed");
				assertThat(f.requestId()).isNotBlank();
			});
		assertThat(failureOf(importImage("cn-wulanchabu", "web"), "testSecret").errorClass()).isEqualTo(ErrorClass.REGION);
		ecs("testSecret").getAcsResponse(importImage("cn-hangzhou", "web-01"));
		CloudFailure quota = failureOf(importImage("cn-hangzhou", "web-02"), "testSecret");
		assertThat(quota.errorClass()).isEqualTo(ErrorClass.QUOTA);
		assertThat(quota.code()).isEqualTo("QuotaExceed.Image");
		CloudFailure secret = failureOf(importImage("cn-hangzhou", "web-03"), "wrong");
		assertThat(secret.errorClass()).isEqualTo(ErrorClass.ACCOUNT);
		assertThat(secret.message()).doesNotContain("string to sign").contains("secret is wrong");
	}

	@Test
	void accountWideRefusalsStopTheRun() throws Exception {
		start(Scenarios.scenario().noImportRole(), 100);
		CloudFailure role = failureOf(importImage("cn-hangzhou", "web"), "testSecret");
		assertThat(role.errorClass()).isEqualTo(ErrorClass.ACCOUNT);
		assertThat(ErrorCatalogue.english().hint(role)).contains("AliyunECSImageImportDefaultRole", "AliyunECSImageImportRolePolicy");
	}

	@Test
	void throttlingAndServerErrorsAreTransient() throws Exception {
		start(Scenarios.scenario().rateLimit("DescribeRegions", 0), 100);
		DescribeRegionsRequest regions = new DescribeRegionsRequest();
		regions.setSysEndpoint(this.sandbox.endpoint());
		CloudFailure throttled = failureOf(regions, "testSecret");
		assertThat(throttled.code()).isEqualTo("Throttling.User");
		assertThat(throttled.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
		this.sandbox.close();
		start(Scenarios.scenario().errorRate(1.0), 100);
		DescribeRegionsRequest failing = new DescribeRegionsRequest();
		failing.setSysEndpoint(this.sandbox.endpoint());
		CloudFailure serverError = failureOf(failing, "testSecret");
		assertThat(serverError.code()).isIn("ServiceUnavailable", "InternalError");
		assertThat(serverError.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
	}

	@Test
	void aLostOrLateAnswerIsAmbiguousAndARefusedConnectionTransient() throws Exception {
		start(Scenarios.scenario().lostResponseRate(1.0), 100);
		assertThat(failureOf(importImage("cn-hangzhou", "lost"), "testSecret").errorClass())
			.isEqualTo(ErrorClass.AMBIGUOUS);
		this.sandbox.close();
		start(Scenarios.scenario().lostResponseRate(1.0).lateResponse(1500), 100);
		ImportImageRequest late = importImage("cn-hangzhou", "late");
		late.setSysReadTimeout(300);
		assertThat(failureOf(late, "testSecret").errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
		String endpoint = this.sandbox.endpoint();
		this.sandbox.close();
		DescribeRegionsRequest refused = new DescribeRegionsRequest();
		refused.setSysEndpoint(endpoint); // nothing listens there any more
		assertThat(failureOf(refused, "testSecret").errorClass()).isEqualTo(ErrorClass.TRANSIENT);
		this.sandbox = null;
	}

	@Test
	void ossAnswersToo() throws Exception {
		start(Scenarios.scenario(), 100);
		ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
		conf.setMaxErrorRetry(0);
		conf.setSignatureVersion(SignVersion.V4);
		OSS oss = OSSClientBuilder.create()
			.endpoint("http://" + this.sandbox.endpoint())
			.credentialsProvider(new DefaultCredentialProvider("testAK", "testSecret"))
			.clientConfiguration(conf)
			.region("cn-hangzhou")
			.build();
		CloudFailure missing = ErrorClassifier.classify(catchThrowable(() -> oss.getObjectMetadata("disks-hz", "none.raw")));
		assertThat(missing.code()).isEqualTo("NoSuchKey");
		assertThat(missing.errorClass()).isEqualTo(ErrorClass.PERMANENT);
		assertThat(ErrorCatalogue.english().hint(missing)).contains("upload the disk file");
		oss.shutdown();
	}

	@Test
	void noCredentialsIsAnAccountStopThatSaysWhereToPutAKey() {
		CloudFailure failure = ErrorClassifier.classify(new com.aliyuncs.exceptions.ClientException(
				"Unable to load credentials from any of the providers in the chain: [...]"));
		assertThat(failure.errorClass()).isEqualTo(ErrorClass.ACCOUNT);
		assertThat(failure.code()).isEqualTo("SDK.NoCredentials");
		assertThat(ErrorCatalogue.english().hint(failure)).contains("ALIBABA_CLOUD_ACCESS_KEY_ID", "--sandbox");
	}

	@Test
	void anUnreachableEndpointIsNamedByItsHostWithoutTheSignedRequest() {
		CloudFailure failure = ErrorClassifier.classify(new com.aliyuncs.exceptions.ClientException(
				"SDK.ServerUnreachable", "Server unreachable: connection http://ecs.cn-hangzhou.aliyuncs.com/?"
						+ "AccessKeyId=LTAI5tExample&Signature=Zm9v%3D&SignatureNonce=abc failed: Connection reset"));
		assertThat(failure.message()).isEqualTo(
				"Server unreachable: connection http://ecs.cn-hangzhou.aliyuncs.com failed: Connection reset")
			.doesNotContain("AccessKeyId", "Signature");
	}

}
