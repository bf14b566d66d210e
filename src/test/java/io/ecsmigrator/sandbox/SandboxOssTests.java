package io.ecsmigrator.sandbox;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The sandbox's OSS through the official OSS SDK over HTTP, with signature V1 and V4: what the
 * preflight step reads of a disk object, and the errors it meets.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class SandboxOssTests {

	private static final long GIB = 1L << 30;

	private SandboxServer sandbox;

	@BeforeEach
	void start() throws Exception {
		this.sandbox = SandboxServer.start(Scenarios.scenario().region("cn-hangzhou").bucket("disks-hz", "cn-hangzhou")
			.object("wave/web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.object("wave/ad.vhd", Scenario.DiskKind.VHD_FIXED, 80)
			.object("wave/db.raw", Scenario.DiskKind.RAW_GPT, 500)
			.object("wave/legacy.vmdk", Scenario.DiskKind.VMDK, 20)
			.object("odd name/a b+c.qcow2", Scenario.DiskKind.QCOW2, 10).build(), 0);
	}

	@AfterEach
	void stop() {
		this.sandbox.close();
	}

	private OSS client(SignVersion version, String accessKeyId, String secret) {
		ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
		conf.setMaxErrorRetry(0);
		conf.setSignatureVersion(version);
		return OSSClientBuilder.create()
			.endpoint("http://" + this.sandbox.endpoint())
			.credentialsProvider(new DefaultCredentialProvider(accessKeyId, secret))
			.clientConfiguration(conf)
			.region("cn-hangzhou")
			.build();
	}

	private OSS client(SignVersion version) {
		return client(version, "testAK", "testSecret");
	}

	private static byte[] read(OSS oss, String key, long first, long last) throws Exception {
		GetObjectRequest request = new GetObjectRequest("disks-hz", key);
		request.setRange(first, last);
		try (InputStream in = oss.getObject(request).getObjectContent()) {
			return in.readAllBytes();
		}
	}

	@ParameterizedTest
	@EnumSource(value = SignVersion.class, names = { "V1", "V4" })
	void headAndExistence(SignVersion version) {
		OSS oss = client(version);
		var meta = oss.getObjectMetadata("disks-hz", "wave/db.raw");
		assertThat(meta.getContentLength()).isEqualTo(500 * GIB);
		assertThat(meta.getETag()).isNotBlank();
		assertThat(meta.getLastModified()).isNotNull();
		assertThat(oss.doesObjectExist("disks-hz", "wave/web.qcow2")).isTrue();
		assertThat(oss.doesObjectExist("disks-hz", "wave/none.qcow2")).isFalse();
		assertThat(oss.getObjectMetadata("disks-hz", "odd name/a b+c.qcow2").getContentLength()).isPositive();
		oss.shutdown();
	}

	@ParameterizedTest
	@EnumSource(value = SignVersion.class, names = { "V1", "V4" })
	void headersOfDiskFormatsAreWhereReadersLook(SignVersion version) throws Exception {
		OSS oss = client(version);
		byte[] qcow2 = read(oss, "wave/web.qcow2", 0, 65_535);
		assertThat(qcow2).hasSize(65_536);
		assertThat(Arrays.copyOf(qcow2, 4)).containsExactly(0x51, 0x46, 0x49, 0xFB);
		assertThat(ByteBuffer.wrap(qcow2, 24, 8).getLong()).isEqualTo(40 * GIB);

		byte[] vhdTail = read(oss, "wave/ad.vhd", -1, 512);
		assertThat(new String(vhdTail, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("conectix");
		assertThat(ByteBuffer.wrap(vhdTail, 48, 8).getLong()).isEqualTo(80 * GIB);
		assertThat(ByteBuffer.wrap(vhdTail, 60, 4).getInt()).as("fixed").isEqualTo(2);

		byte[] gpt = read(oss, "wave/db.raw", 0, 1023);
		assertThat(gpt[510]).isEqualTo((byte) 0x55);
		assertThat(gpt[511]).isEqualTo((byte) 0xAA);
		assertThat(new String(gpt, 512, 8, StandardCharsets.US_ASCII)).isEqualTo("EFI PART");

		byte[] vmdk = read(oss, "wave/legacy.vmdk", 0, 511);
		assertThat(new String(vmdk, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("KDMV");
		oss.shutdown();
	}

	@ParameterizedTest
	@EnumSource(value = SignVersion.class, names = { "V1", "V4" })
	void bucketLocationAndInfo(SignVersion version) {
		OSS oss = client(version);
		assertThat(oss.getBucketLocation("disks-hz")).isEqualTo("oss-cn-hangzhou");
		assertThat(oss.getBucketInfo("disks-hz").getBucket().getLocation()).isEqualTo("oss-cn-hangzhou");
		oss.shutdown();
	}

	@ParameterizedTest
	@EnumSource(value = SignVersion.class, names = { "V1", "V4" })
	void errorsOfMissingObjectsAndBuckets(SignVersion version) {
		OSS oss = client(version);
		assertThat(catchThrowableOfType(OSSException.class, () -> read(oss, "wave/none.raw", 0, 511)).getErrorCode())
			.isEqualTo("NoSuchKey");
		OSSException head = catchThrowableOfType(OSSException.class,
				() -> oss.getObjectMetadata("no-such-bucket", "x.raw"));
		assertThat(head.getErrorCode()).as("a HEAD error comes in x-oss-err").isEqualTo("NoSuchBucket");
		assertThat(head.getRequestId()).isNotBlank();
		assertThat(catchThrowableOfType(OSSException.class, () -> oss.getBucketLocation("no-such-bucket"))
			.getErrorCode()).isEqualTo("NoSuchBucket");
		oss.shutdown();
	}

	@ParameterizedTest
	@EnumSource(value = SignVersion.class, names = { "V1", "V4" })
	void signaturesAreChecked(SignVersion version) {
		OSS wrongSecret = client(version, "testAK", "wrong");
		assertThat(catchThrowableOfType(OSSException.class, () -> wrongSecret.getBucketLocation("disks-hz"))
			.getErrorCode()).isEqualTo("SignatureDoesNotMatch");
		assertThat(catchThrowableOfType(OSSException.class,
				() -> wrongSecret.getObjectMetadata("disks-hz", "wave/web.qcow2")).getErrorCode())
			.isEqualTo("SignatureDoesNotMatch");
		OSS unknown = client(version, "nobody", "testSecret");
		assertThat(catchThrowableOfType(OSSException.class, () -> unknown.getBucketLocation("disks-hz"))
			.getErrorCode()).isEqualTo("InvalidAccessKeyId");
		wrongSecret.shutdown();
		unknown.shutdown();
	}

}
