package io.ecsmigrator.submit;

import java.time.Duration;
import java.util.List;

import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.images.PlanTag;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.SandboxCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The cap on imports in flight, counted in the cloud by this project's tag. */
class InFlightGateTests {

	private SandboxServer sandbox;

	private CloudClients clients;

	@BeforeEach
	void start() throws Exception {
		this.sandbox = SandboxCloud.start(new Scenario(null, null,
				List.of(new Scenario.Region("cn-hangzhou", null, null, null, null)),
				List.of(new Scenario.Bucket("disks-hz", "cn-hangzhou",
						List.of(new Scenario.DiskObject("web.qcow2", Scenario.DiskKind.QCOW2, 40)))),
				1, 3L));
		SandboxCloud.useCredentials("testAK", "testSecret");
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 3));
	}

	@AfterEach
	void stop() {
		this.clients.destroy();
		SandboxCloud.clearCredentials();
		this.sandbox.close();
	}

	private void importTagged(String name, boolean ours) throws Exception {
		ImportImageRequest request = this.clients.ecs(new ImportImageRequest(), "cn-hangzhou");
		request.setImageName(name);
		ImportImageRequest.DiskDeviceMapping disk = new ImportImageRequest.DiskDeviceMapping();
		disk.setOSSBucket("disks-hz");
		disk.setOSSObject("web.qcow2");
		request.setDiskDeviceMappings(List.of(disk));
		if (ours) {
			ImportImageRequest.Tag tag = new ImportImageRequest.Tag();
			tag.setKey(PlanTag.KEY);
			tag.setValue("wave.csv");
			request.setTags(List.of(tag));
		}
		this.clients.acs().getAcsResponse(request);
	}

	@Test
	void atTheCapItWaitsUntilAnImportOfOursEnds() throws Exception {
		importTagged("ours-1", true);
		importTagged("ours-2", true);
		importTagged("not-ours", false);
		InFlightGate gate = new InFlightGate(this.clients, this.clients.retrier(), 2, Duration.ofMillis(100), 1);
		long started = System.nanoTime();
		gate.enter("cn-hangzhou");
		Duration waited = Duration.ofNanos(System.nanoTime() - started);
		assertThat(waited).as("two of ours were importing for a second").isGreaterThan(Duration.ofMillis(500));
	}

	@Test
	void belowTheCapItCountsWhatItLetThroughWithoutAsking() throws Exception {
		importTagged("not-ours", false);
		InFlightGate gate = new InFlightGate(this.clients, this.clients.retrier(), 3, Duration.ofMillis(100), 1);
		long started = System.nanoTime();
		gate.enter("cn-hangzhou").keep();
		InFlightGate.Slot notStarted = gate.enter("cn-hangzhou");
		notStarted.close();
		notStarted.close(); // a slot gives its room back once
		gate.enter("cn-hangzhou").keep();
		gate.enter("cn-hangzhou").keep();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("others' imports do not count")
			.isLessThan(Duration.ofMillis(500));
		assertThat(this.sandbox.counters().calls("DescribeImages")).as("asked once, then counted").isEqualTo(1);
	}

}
