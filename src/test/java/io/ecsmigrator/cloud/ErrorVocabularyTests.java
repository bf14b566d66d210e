package io.ecsmigrator.cloud;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The real APIs' vocabulary (issue 10, section 2): one test per row of the classification, the
 * answers produced by the sandbox through the official SDKs where the sandbox can give them, and
 * the README's table checked against the classifier.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class ErrorVocabularyTests {

	/** The operator's hints, as the report shows them. */
	private static final ErrorCatalogue CATALOGUE = ErrorCatalogue.english();

	private SandboxServer sandbox;

	@AfterEach
	void stop() {
		if (this.sandbox != null) {
			this.sandbox.close();
		}
	}

	private void start(Scenario scenario) throws Exception {
		this.sandbox = SandboxServer.start(scenario, 0);
	}

	/** The test's own settings, in the world every test of the class shares. */
	private static Scenario scenario(Scenarios own) {
		return own.region("cn-hangzhou")
			.bucket("disks-hz", "cn-hangzhou")
			.object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.importSeconds(60)
			.seed(5L)
			.build();
	}

	private static DefaultAcsClient ecs() {
		DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou", "testAK", "testSecret");
		HttpClientConfig config = HttpClientConfig.getDefault();
		config.setProtocolType(ProtocolType.HTTP);
		profile.setHttpClientConfig(config);
		return new DefaultAcsClient(profile);
	}

	private OSS oss() {
		ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
		conf.setMaxErrorRetry(0);
		conf.setSignatureVersion(SignVersion.V4);
		return OSSClientBuilder.create()
			.endpoint("http://" + this.sandbox.endpoint())
			.credentialsProvider(new DefaultCredentialProvider("testAK", "testSecret"))
			.clientConfiguration(conf)
			.region("cn-hangzhou")
			.build();
	}

	private ImportImageRequest importImage(String name) {
		ImportImageRequest request = new ImportImageRequest();
		request.setSysEndpoint(this.sandbox.endpoint());
		request.setSysRegionId("cn-hangzhou");
		request.setImageName(name);
		ImportImageRequest.DiskDeviceMapping disk = new ImportImageRequest.DiskDeviceMapping();
		disk.setOSSBucket("disks-hz");
		disk.setOSSObject("web.qcow2");
		request.setDiskDeviceMappings(List.of(disk));
		return request;
	}

	private DescribeRegionsRequest describeRegions() {
		DescribeRegionsRequest request = new DescribeRegionsRequest();
		request.setSysEndpoint(this.sandbox.endpoint());
		return request;
	}

	@Test
	void aBodiless5xxToAnOssHeadIsTransientByItsStatus() throws Exception {
		start(scenario(Scenarios.scenario().ossBodilessHeadRate(1.0)));
		OSS oss = oss();
		try {
			CloudFailure failure = ErrorClassifier.classify(catchThrowable(() -> oss.getObjectMetadata("disks-hz",
					"web.qcow2")));
			assertThat(failure.code()).isEqualTo("Unknown");
			assertThat(failure.httpStatus()).isEqualTo(503);
			assertThat(failure.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
		}
		finally {
			oss.shutdown();
		}
	}

	@Test
	void ossBurstsOf503AreTransient() throws Exception {
		start(scenario(Scenarios.scenario().ossBurst(1, null, 8)));
		OSS oss = oss();
		try {
			CloudFailure failure = ErrorClassifier.classify(catchThrowable(() -> oss.getBucketLocation("disks-hz")));
			assertThat(failure.code()).isIn("SlowDown", "ServiceUnavailable");
			assertThat(failure.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
		}
		finally {
			oss.shutdown();
		}
	}

	@Test
	void aGatewaysHtml502IsTransientForAReadAndUnknownForImportImage() throws Exception {
		start(scenario(Scenarios.scenario().gatewayErrorRate(1.0)));
		Throwable read = catchThrowable(() -> ecs().getAcsResponse(describeRegions()));
		CloudFailure asRead = ErrorClassifier.classify(read, true);
		assertThat(asRead.code()).isEqualTo(CloudErrorCodes.BAD_RESPONSE);
		assertThat(asRead.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
		Throwable write = catchThrowable(() -> ecs().getAcsResponse(importImage("web-01")));
		assertThat(ErrorClassifier.classify(write, false).errorClass()).as("the import may have happened")
			.isEqualTo(ErrorClass.AMBIGUOUS);
	}

	@Test
	void a5xxToImportImageLeavesItsOutcomeUnknownAndThrottlingIsAPlainRetry() throws Exception {
		start(scenario(Scenarios.scenario().errorRate(1.0)));
		Throwable serverError = catchThrowable(() -> ecs().getAcsResponse(importImage("web-01")));
		assertThat(ErrorClassifier.classify(serverError, true).errorClass()).isEqualTo(ErrorClass.TRANSIENT);
		assertThat(ErrorClassifier.classify(serverError, false).errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
		this.sandbox.close();
		start(scenario(Scenarios.scenario().rateLimit("ImportImage", 0)));
		Throwable throttled = catchThrowable(() -> ecs().getAcsResponse(importImage("web-02")));
		CloudFailure refused = ErrorClassifier.classify(throttled, false);
		assertThat(refused.code()).startsWith("Throttling");
		assertThat(refused.errorClass()).as("refused: nothing was done").isEqualTo(ErrorClass.TRANSIENT);
	}

	@Test
	void anAccountNotInTheWhiteListStopsTheRun() throws Exception {
		start(scenario(Scenarios.scenario().notInWhiteList()));
		CloudFailure failure = ErrorClassifier.classify(catchThrowable(() -> ecs().getAcsResponse(importImage("web"))),
				false);
		assertThat(failure.code()).isEqualTo("UserNotInTheWhiteList");
		assertThat(failure.errorClass()).isEqualTo(ErrorClass.ACCOUNT);
		assertThat(CATALOGUE.hint(failure)).contains("ticket");
	}

	@Test
	void aSkewedClockStopsTheRunWithAnNtpHintForEcsAndOss() throws Exception {
		start(scenario(Scenarios.scenario().checkTimestamps(1200)));
		CloudFailure ecs = ErrorClassifier.classify(catchThrowable(() -> ecs().getAcsResponse(describeRegions())));
		assertThat(ecs.code()).isEqualTo("InvalidTimeStamp.Expired");
		assertThat(ecs.errorClass()).isEqualTo(ErrorClass.CLOCK);
		assertThat(CATALOGUE.hint(ecs)).contains("NTP");
		OSS oss = oss();
		try {
			CloudFailure skewed = ErrorClassifier.classify(catchThrowable(() -> oss.getBucketLocation("disks-hz")));
			assertThat(skewed.code()).isEqualTo("RequestTimeTooSkewed");
			assertThat(skewed.errorClass()).isEqualTo(ErrorClass.CLOCK);
			assertThat(CATALOGUE.hint(skewed)).contains("NTP");
		}
		finally {
			oss.shutdown();
		}
	}

	@Test
	void anArchivedObjectAndAnotherAccountsBucketAreTheImagesOwn() throws Exception {
		this.sandbox = SandboxServer.start(Scenarios.scenario().region("cn-hangzhou").bucket("disks-hz", "cn-hangzhou")
			.object("old.qcow2", Scenario.DiskKind.QCOW2, 40, "Archive")
			.bucket("theirs", "cn-hangzhou").object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.otherAccount().importSeconds(60).seed(5L).build(), 0);
		OSS oss = oss();
		try {
			com.aliyun.oss.model.GetObjectRequest get = new com.aliyun.oss.model.GetObjectRequest("disks-hz",
					"old.qcow2");
			get.setRange(0, 511);
			CloudFailure archived = ErrorClassifier.classify(catchThrowable(() -> oss.getObject(get)));
			assertThat(archived.code()).isEqualTo("InvalidObjectState");
			assertThat(archived.errorClass()).isEqualTo(ErrorClass.PERMANENT);
			assertThat(CATALOGUE.hint(archived)).contains("restore");
			CloudFailure theirs = ErrorClassifier.classify(catchThrowable(() -> oss.getBucketLocation("theirs")));
			assertThat(theirs.code()).isEqualTo("AccessDenied");
			assertThat(theirs.errorClass()).isEqualTo(ErrorClass.PERMANENT);
		}
		finally {
			oss.shutdown();
		}
	}

	@Test
	void aConnectionResetOrReadTimeoutIsRetriedForAReadAndUnknownForAWrite() {
		com.aliyuncs.exceptions.ClientException reset = new com.aliyuncs.exceptions.ClientException(
				"SDK.ServerUnreachable", "Server unreachable: java.net.SocketException: Connection reset",
				new java.net.SocketException("Connection reset"));
		assertThat(ErrorClassifier.classify(reset, true).retryable(true)).isTrue();
		assertThat(ErrorClassifier.classify(reset, false).errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
		com.aliyuncs.exceptions.ClientException timeout = new com.aliyuncs.exceptions.ClientException(
				"SDK.ReadTimeout", "read timed out", new java.net.SocketTimeoutException("Read timed out"));
		assertThat(ErrorClassifier.classify(timeout, true).retryable(true)).isTrue();
		assertThat(ErrorClassifier.classify(timeout, false).errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
	}

	/** One row per code of issue 10, section 2. */
	@ParameterizedTest
	@CsvSource({ "Throttling, TRANSIENT", "Throttling.User, TRANSIENT", "Throttling.Api, TRANSIENT",
			"ServiceUnavailable, TRANSIENT", "SlowDown, TRANSIENT", "InternalError, TRANSIENT",
			"SDK.BadResponseFormat, TRANSIENT", "InvalidResponse, TRANSIENT", "InvalidTimeStamp.Expired, CLOCK",
			"RequestTimeTooSkewed, CLOCK", "UserNotInTheWhiteList, ACCOUNT", "InvalidSecurityToken.Expired, ACCOUNT",
			"InvalidSecurityToken.Malformed, ACCOUNT", "InvalidSecurityToken.MismatchWithAccessKey, ACCOUNT",
			"MissingSecurityToken, ACCOUNT", "InvalidAccessKeyId.NotFound, ACCOUNT",
			"InvalidAccessKeyId.Inactive, ACCOUNT", "SignatureDoesNotMatch, ACCOUNT", "Forbbiden, ACCOUNT",
			"Forbidden.RAM, ACCOUNT", "NoSetRoletoECSServiceAcount, ACCOUNT", "NoSetRoletoECSServiceAccount, ACCOUNT",
			"InvalidRegionId.NotFound, REGION", "RegionId.NotFound, REGION", "InvalidRegion.NotSupport, REGION",
			"QuotaExceed.Image, QUOTA", "QuotaExceed.Snapshot, QUOTA", "AccessDenied, PERMANENT",
			"AccessForbidden, PERMANENT", "NoSuchBucket, PERMANENT", "NoSuchKey, PERMANENT",
			"InvalidObjectState, PERMANENT", "InvalidBucketName, PERMANENT", "NoPermission, PERMANENT",
			"InvalidImageName.Duplicated, PERMANENT" })
	void eachCodeHasItsClassAndAHint(String code, ErrorClass expected) {
		assertThat(ErrorClassifier.classOf(code)).isEqualTo(expected);
		assertThat(hint(code)).isNotBlank();
	}

	@Test
	void theRoleHintNamesGetBucketInfo() {
		assertThat(hint("NoSetRoletoECSServiceAcount")).contains("oss:GetBucketInfo");
		assertThat(hint("NoSetRoletoECSServiceAccount")).contains("oss:GetBucketInfo");
	}

	/** The hint the report shows for an API error code, as a read meets it. */
	private static String hint(String code) {
		return CATALOGUE.hint(ErrorClassifier.hintKey(code, ErrorClassifier.classOf(code)));
	}

	/** The README's table: each code's class as the classifier says it. */
	@Test
	void theReadmesClassificationTableAgreesWithTheClassifier() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
		int start = lines.indexOf("### How cloud errors are handled");
		assertThat(start).as("README section").isPositive();
		Pattern code = Pattern.compile("`([A-Za-z][A-Za-z0-9.]*\\*?)`");
		List<String> checked = new ArrayList<>();
		for (String line : lines.subList(start + 1, lines.size())) {
			if (line.startsWith("#")) {
				break;
			}
			if (!line.startsWith("| ") || line.startsWith("| code") || line.startsWith("|---")) {
				continue;
			}
			String[] cells = line.split("\\|");
			ErrorClass expected = ErrorClass.valueOf(cells[2].trim().toUpperCase(Locale.ROOT));
			Matcher m = code.matcher(cells[1]);
			while (m.find()) {
				String c = m.group(1).replace("*", ".Anything");
				assertThat(ErrorClassifier.classOf(c)).as("README row for %s", c).isEqualTo(expected);
				checked.add(c);
			}
		}
		assertThat(checked).contains("Throttling.Anything", "UserNotInTheWhiteList", "InvalidTimeStamp.Expired",
				"RequestTimeTooSkewed", "InvalidRegionId.NotFound", "NoSetRoletoECSServiceAccount", "AccessDenied",
				"InvalidObjectState", "SDK.BadResponseFormat");
	}

}
