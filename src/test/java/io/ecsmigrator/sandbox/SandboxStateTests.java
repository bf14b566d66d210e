package io.ecsmigrator.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import com.aliyuncs.exceptions.ClientException;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A sandbox started on a state file takes up its images and counters after its own restart. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class SandboxStateTests {

	@TempDir
	Path dir;

	private final DefaultAcsClient ecs = SandboxClients.ecs();

	// imports finish at once: the restarted sandbox sees an available image
	private static final Scenario SCENARIO = Scenarios.scenario()
		.region("cn-hangzhou")
		.bucket("disks-hz", "cn-hangzhou")
		.object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
		.importSeconds(0)
		.seed(5L)
		.build();

	private String importImage(SandboxServer sandbox, String name) throws ClientException {
		return this.ecs.getAcsResponse(SandboxClients.importImage(sandbox, name, "web.qcow2")).getImageId();
	}

	private List<DescribeImagesResponse.Image> images(SandboxServer sandbox) throws ClientException {
		DescribeImagesRequest request = new DescribeImagesRequest();
		request.setSysEndpoint(sandbox.endpoint());
		request.setSysRegionId("cn-hangzhou");
		request.setStatus("Creating,Available");
		return this.ecs.getAcsResponse(request).getImages();
	}

	@Test
	void imagesAndCountersSurviveARestart() throws Exception {
		Path state = this.dir.resolve("sandbox-state.json");
		String first;
		try (SandboxServer sandbox = SandboxServer.start(SCENARIO, 0, state)) {
			first = importImage(sandbox, "web-01");
		}
		assertThat(state).exists();
		try (SandboxServer again = SandboxServer.start(SCENARIO, 0, state)) {
			assertThat(images(again)).extracting(DescribeImagesResponse.Image::getImageId).containsExactly(first);
			assertThat(again.counters().createdImages()).containsEntry("cn-hangzhou/web-01", 1L);
			assertThat(catchThrowableOfType(ClientException.class, () -> importImage(again, "web-01")).getErrCode())
				.as("the name is still taken").isEqualTo("InvalidImageName.Duplicated");
			String second = importImage(again, "web-02");
			assertThat(second).as("no id is handed out twice").isNotEqualTo(first);
			assertThat(again.counters().importCalls("cn-hangzhou", "web-01")).isEqualTo(2);
		}
		assertThat(Files.readString(state)).contains("web-02");
	}

	@Test
	void withoutAStateFileNothingIsKept() throws Exception {
		try (SandboxServer sandbox = SandboxServer.start(SCENARIO, 0)) {
			importImage(sandbox, "web-01");
		}
		try (SandboxServer again = SandboxServer.start(SCENARIO, 0)) {
			assertThat(images(again)).isEmpty();
		}
	}

}
