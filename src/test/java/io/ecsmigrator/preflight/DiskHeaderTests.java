package io.ecsmigrator.preflight;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.catalogue.TextKeys;
import io.ecsmigrator.preflight.DiskHeader.Format;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class DiskHeaderTests {

	private static final ErrorCatalogue TEXTS = ErrorCatalogue.english();

	/** One attempt of each request. */
	private static final io.ecsmigrator.cloud.Retrier ONCE = new io.ecsmigrator.cloud.Retrier(1,
			java.time.Duration.ZERO, java.time.Duration.ZERO, duration -> {
			});

	private static final long GIB = 1L << 30;

	private static SandboxServer sandbox;

	private static OSS oss;

	@BeforeAll
	static void start() throws Exception {
		Scenarios scenario = Scenarios.scenario().region("cn-hangzhou").bucket("disks-hz", "cn-hangzhou");
		for (DiskKind kind : DiskKind.values()) {
			scenario.object(kind.name(), kind, 30);
		}
		sandbox = SandboxServer.start(scenario.build(), 0);
		ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
		conf.setMaxErrorRetry(0);
		conf.setSignatureVersion(SignVersion.V4);
		oss = OSSClientBuilder.create()
			.endpoint("http://" + sandbox.endpoint())
			.credentialsProvider(new DefaultCredentialProvider("testAK", "testSecret"))
			.clientConfiguration(conf)
			.region("cn-hangzhou")
			.build();
	}

	@AfterAll
	static void stop() {
		oss.shutdown();
		sandbox.close();
	}

	@ParameterizedTest
	@CsvSource({ "QCOW2,QCOW2,version 3,true", "VHD_FIXED,VHD,fixed,true", "VHD_DYNAMIC,VHD,dynamic,true",
			"RAW_MBR,RAW,MBR,true", "RAW_GPT,RAW,GPT,true", "VMDK,VMDK,sparse,false", "VHDX,VHDX,,false",
			"ISO,ISO,,false" })
	void everyKindOfDiskIsRecognisedFromOss(DiskKind kind, Format format, String detail, boolean importable) {
		DiskHeader header = DiskProbe.probe(ONCE, io.ecsmigrator.cloud.CallContext.NONE, oss, "disks-hz", kind.name()).header();
		assertThat(header.format()).isEqualTo(format);
		assertThat(header.detail()).isEqualTo((detail != null) ? detail : "");
		assertThat(header.importable()).isEqualTo(importable);
		if (kind != DiskKind.VHDX && kind != DiskKind.ISO) {
			assertThat(header.virtualSize()).isEqualTo(30 * GIB);
		}
		if (!importable) {
			assertThat(header.fix(TEXTS)).as("the fix is spelled out").containsAnyOf("qemu-img convert", "install");
		}
	}

	@Test
	void garbageReadsAsRawWithoutPartitionTable() {
		DiskHeader header = DiskProbe.probe(ONCE, io.ecsmigrator.cloud.CallContext.NONE, oss, "disks-hz", DiskKind.GARBAGE.name()).header();
		assertThat(header.format()).isEqualTo(Format.RAW);
		assertThat(header.detail()).isEqualTo("none");
	}

	private static byte[] qcow2(long backingOffset, int cryptMethod) {
		return ByteBuffer.allocate(4096).putInt(0x514649FB).putInt(3).putLong(backingOffset).putInt(0).putInt(16)
			.putLong(10 * GIB).putInt(cryptMethod).array();
	}

	@Test
	void qcow2ThatNeedsABackingFileOrIsEncryptedIsRefused() {
		assertThat(DiskHeader.read(qcow2(0, 0), new byte[512], GIB).importable()).isTrue();
		DiskHeader backed = DiskHeader.read(qcow2(4096, 0), new byte[512], GIB);
		assertThat(backed.problem(TEXTS)).contains("backing file");
		assertThat(backed.fix(TEXTS)).contains("qemu-img convert");
		assertThat(DiskHeader.read(qcow2(0, 1), new byte[512], GIB).problem(TEXTS)).contains("encrypted");
	}

	private static byte[] vhdFooter(int type) {
		return ByteBuffer.allocate(512).put("conectix".getBytes(StandardCharsets.US_ASCII)).position(48)
			.putLong(8 * GIB).putInt(0).putInt(type).array();
	}

	@Test
	void aDifferencingVhdIsRefusedAndOldShortFootersAreFound() {
		assertThat(DiskHeader.read(new byte[4096], vhdFooter(4), 9 * GIB).problem(TEXTS)).contains("differencing");
		byte[] shifted = new byte[512];
		System.arraycopy(vhdFooter(2), 0, shifted, 1, 511); // a 511-byte footer ends one byte later
		DiskHeader old = DiskHeader.read(new byte[4096], shifted, 9 * GIB);
		assertThat(old.format()).isEqualTo(Format.VHD);
		assertThat(old.virtualSize()).isEqualTo(8 * GIB);
	}

	@Test
	void theTextsComeFromTheCatalogueWithTheHeadersDetail() {
		DiskHeader odd = DiskHeader.read(new byte[4096], vhdFooter(7), 9 * GIB);
		assertThat(odd.problemKey()).isEqualTo(TextKeys.DISK_UNKNOWN_VHD_TYPE);
		assertThat(odd.problem(TEXTS)).isEqualTo("unknown VHD disk type 7");
		assertThat(odd.fix(TEXTS)).isEqualTo("convert it: qemu-img convert -O qcow2 disk.vhd disk.qcow2");
		DiskHeader iso = new DiskHeader(Format.ISO, 0, "", TextKeys.DISK_ISO);
		assertThat(iso.fix(TEXTS)).as("a quote in a text with arguments").contains("that VM's disk");
		DiskHeader raw = DiskHeader.read(new byte[4096], new byte[512], 4096);
		assertThat(raw.problem(TEXTS)).isNull();
		assertThat(raw.fix(TEXTS)).isNull();
	}

	@Test
	void aVmdkDescriptorIsNotADisk() {
		byte[] descriptor = "# Disk DescriptorFile\nversion=1\n".getBytes(StandardCharsets.US_ASCII);
		assertThat(DiskHeader.read(descriptor, descriptor, descriptor.length).problem(TEXTS)).contains("descriptor");
	}

}
