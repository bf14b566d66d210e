package io.ecsmigrator.preflight;

import java.util.Map;

import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** How many OSS requests reading a disk's header takes, per format, counted by the sandbox. */
class DiskProbeTests {

	private static final String HZ = "cn-hangzhou";

	private SandboxServer sandbox;

	private CloudClients clients;

	@BeforeEach
	void start() throws Exception {
		Scenarios scenario = Scenarios.scenario().region(HZ).bucket("disks", HZ);
		for (DiskKind kind : DiskKind.values()) {
			scenario.object(kind.name(), kind, 20);
		}
		this.sandbox = SandboxServer.start(scenario.build(), 0);
		SandboxCloud.useCredentials("testAK", "testSecret");
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 3));
	}

	@AfterEach
	void stop() {
		SandboxCloud.clearCredentials();
		this.clients.destroy();
		this.sandbox.close();
	}

	@ParameterizedTest
	@CsvSource({ "QCOW2, qcow2, 1", "VHD_DYNAMIC, VHD, 1", "VMDK, VMDK, 1", "VHDX, VHDX, 1", "ISO, ISO, 1",
			"VHD_FIXED, VHD, 2", "RAW_MBR, RAW, 2", "RAW_GPT, RAW, 2", "GARBAGE, RAW, 2" })
	void formatsKnownByTheirFirstBytesTakeOneRequestTheOthersTwo(DiskKind kind, String format, int requests) {
		DiskProbe.ProbedDisk probed = DiskProbe.probe(this.clients.retrier(), CallContext.NONE,
				this.clients.oss(HZ), "disks", kind.name());

		assertThat(probed.header().format().apiName()).isEqualTo(format);
		assertThat(probed.objectSize()).as("the size from Content-Range").isGreaterThan(DiskHeader.HEAD_BYTES);
		Map<String, Long> calls = this.sandbox.counters().calls();
		assertThat(calls).doesNotContainKey("OSS.HeadObject");
		assertThat(calls).containsEntry("OSS.GetObject", (long) requests);
	}

}
