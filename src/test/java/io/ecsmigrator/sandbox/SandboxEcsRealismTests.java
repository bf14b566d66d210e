package io.ecsmigrator.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.CommonRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.CancelTaskRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeTaskAttributeRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeTaskAttributeResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeTasksRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeTasksResponse;
import com.aliyuncs.ecs.model.v20140526.ImportImageResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.HttpResponse;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * ECS and RAM answers the real cloud gives, through the official core SDK: a gateway's HTML 502,
 * a lagging listing, images deleted behind the migrator's back, the real task codes and filters,
 * RAM denied to a least-privilege key, account and clock refusals.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class SandboxEcsRealismTests {

	private static final String REGION = "cn-hangzhou";

	private final MutableClock clock = new MutableClock();

	private SandboxServer sandbox;

	private DefaultAcsClient ecs = SandboxClients.ecs();

	/** The test's own settings, in the world every test of the class shares. */
	private static Scenario scenario(Scenarios own) {
		return own.accessKey("testAK", "testSecret")
			.ramDeniedAccessKey("ecsOnly", "ecsOnlySecret")
			.region(REGION)
			.bucket("disks-hz", REGION)
			.object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.object("legacy.vmdk", Scenario.DiskKind.VMDK, 20)
			.object("old.qcow2", Scenario.DiskKind.QCOW2, 40, "Archive")
			.importSeconds(60)
			.seed(11L)
			.build();
	}

	private void start(Scenario scenario) throws Exception {
		this.sandbox = SandboxServer.start(scenario, 0, this.clock);
	}

	private void start(Scenario scenario, Clock clock) throws Exception {
		this.sandbox = SandboxServer.start(scenario, 0, clock);
	}

	@AfterEach
	void stop() {
		this.sandbox.close();
	}

	private <T extends AcsRequest<?>> T at(T request) {
		request.setSysEndpoint(this.sandbox.endpoint());
		request.setSysProtocol(ProtocolType.HTTP);
		request.setSysRegionId(REGION);
		return request;
	}

	private ImportImageResponse importImage(String name, String object) throws ClientException {
		return this.ecs.getAcsResponse(SandboxClients.importImage(this.sandbox, name, object));
	}

	private long listed(String name) throws ClientException {
		DescribeImagesRequest request = at(new DescribeImagesRequest());
		request.setImageName(name);
		request.setStatus("Creating,Waiting,Available,UnAvailable,CreateFailed");
		return this.ecs.getAcsResponse(request).getTotalCount();
	}

	private String failure(AcsRequest<?> request, int expectedStatus) throws ClientException {
		HttpResponse raw = this.ecs.doAction(request);
		assertThat(raw.getStatus()).as(new String(raw.getHttpContent(), StandardCharsets.UTF_8)).isEqualTo(expectedStatus);
		return catchThrowableOfType(ClientException.class, () -> this.ecs.getAcsResponse(request)).getErrCode();
	}

	private DescribeTaskAttributeResponse task(String taskId) throws ClientException {
		DescribeTaskAttributeRequest request = at(new DescribeTaskAttributeRequest());
		request.setTaskId(taskId);
		return this.ecs.getAcsResponse(request);
	}

	@Test
	void aGatewaysHtml502() throws Exception {
		start(scenario(Scenarios.scenario().gatewayErrorRate(1.0)));
		DescribeRegionsRequest request = at(new DescribeRegionsRequest());
		HttpResponse raw = this.ecs.doAction(request);
		assertThat(raw.getStatus()).isEqualTo(502);
		assertThat(new String(raw.getHttpContent(), StandardCharsets.UTF_8)).contains("502 Bad Gateway");
		assertThat(raw.getHttpContentType()).as("text/html is no format the SDK reads").isEqualTo(FormatType.RAW);
		ClientException ex = catchThrowableOfType(ClientException.class, () -> this.ecs.getAcsResponse(request));
		// aliyun-java-sdk-core 4.7.10 reads no error document from HTML: no code at all, not even
		// SDK.UnknownServerError (that is the Python and Tea SDKs' name for it)
		assertThat(ex).isNotInstanceOf(ServerException.class);
		assertThat(ex.getErrCode()).isNull();
		assertThat(ex.getMessage()).startsWith("Server response has a bad format type: RAW");
		assertThat(this.sandbox.counters().faults()).containsEntry("DescribeRegions GatewayHtml502", 2L);
	}

	@Test
	void aGatewayFailsASeededShareOfCalls() throws Exception {
		start(scenario(Scenarios.scenario().gatewayErrorRate(0.3)));
		List<String> outcomes = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			try {
				this.ecs.getAcsResponse(at(new DescribeRegionsRequest()));
				outcomes.add("ok");
			}
			catch (ClientException ex) {
				outcomes.add(ex.getMessage().startsWith("Server response has a bad format type") ? "html" : ex.getErrCode());
			}
		}
		assertThat(outcomes).contains("ok", "html").containsOnly("ok", "html");
	}

	@Test
	void aNewImageIsListedOnlyAfterTheLag() throws Exception {
		start(scenario(Scenarios.scenario().listingLagSeconds(20)));
		ImportImageResponse imported = importImage("web-01", "web.qcow2");
		assertThat(listed("web-01")).isZero();
		assertThat(task(imported.getTaskId()).getTaskStatus()).as("the task is known at once").isEqualTo("Processing");
		this.clock.advance(Duration.ofSeconds(19));
		assertThat(listed("web-01")).isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(listed("web-01")).isEqualTo(1);
	}

	@Test
	void imagesDeletedBehindTheMigratorsBack() throws Exception {
		start(scenario(Scenarios.scenario().deleteImage("web-02", 90)));
		ImportImageResponse hooked = importImage("web-01", "web.qcow2");
		ImportImageResponse scheduled = importImage("web-02", "web.qcow2");
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(listed("web-01")).isEqualTo(1);
		assertThat(this.sandbox.deleteImage(REGION, "web-01")).isTrue();
		assertThat(this.sandbox.deleteImage(REGION, "web-01")).isFalse();
		assertThat(listed("web-01")).isZero();
		assertThat(task(hooked.getTaskId()).getTaskStatus()).as("the task stays as it ended").isEqualTo("Finished");
		assertThat(listed("web-02")).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(listed("web-02")).as("deleted 90 s after its import").isZero();
		assertThat(task(scheduled.getTaskId()).getTaskStatus()).isEqualTo("Finished");
	}

	@Test
	void cancelTaskAnswersTheReferenceCodes() throws Exception {
		start(scenario(Scenarios.scenario()));
		ImportImageResponse running = importImage("web-01", "web.qcow2");
		ImportImageResponse done = importImage("web-02", "web.qcow2");
		CancelTaskRequest cancel = at(new CancelTaskRequest());
		cancel.setTaskId("t-nosuchtask");
		assertThat(failure(cancel, 400)).isEqualTo("InvalidTaskId.NotFound");
		cancel.setTaskId(running.getTaskId());
		this.ecs.getAcsResponse(cancel);
		assertThat(failure(cancel, 403)).as("cancelled already").isEqualTo("InvalidTaskId.IncorrectTaskStatus");
		assertThat(task(running.getTaskId()).getTaskStatus()).isEqualTo("Failed");
		this.clock.advance(Duration.ofSeconds(61));
		cancel.setTaskId(done.getTaskId());
		assertThat(failure(cancel, 403)).as("finished").isEqualTo("InvalidTaskId.IncorrectTaskStatus");
	}

	@Test
	void describeTasksFindsAnImagesTaskAndFilters() throws Exception {
		start(scenario(Scenarios.scenario()));
		ImportImageResponse web = importImage("web-01", "web.qcow2");
		ImportImageResponse legacy = importImage("legacy", "legacy.vmdk");
		importImage("web-03", "web.qcow2");
		DescribeTasksRequest byImage = at(new DescribeTasksRequest());
		byImage.setResourceIdss(List.of(web.getImageId()));
		assertThat(this.ecs.getAcsResponse(byImage).getTaskSet()).singleElement().satisfies(task -> {
			assertThat(task.getTaskId()).isEqualTo(web.getTaskId());
			assertThat(task.getResourceId()).isEqualTo(web.getImageId());
			assertThat(task.getTaskAction()).isEqualTo("ImportImage");
			assertThat(task.getTaskStatus()).isEqualTo("Processing");
		});
		this.clock.advance(Duration.ofSeconds(61));
		DescribeTasksRequest failed = at(new DescribeTasksRequest());
		failed.setTaskAction("ImportImage");
		failed.setTaskStatus("Failed");
		assertThat(this.ecs.getAcsResponse(failed).getTaskSet()).extracting(DescribeTasksResponse.Task::getTaskId)
			.containsExactly(legacy.getTaskId());
		DescribeTasksRequest other = at(new DescribeTasksRequest());
		other.setTaskAction("ExportImage");
		assertThat(this.ecs.getAcsResponse(other).getTotalCount()).isZero();
		DescribeTasksRequest ignored = at(new DescribeTasksRequest());
		ignored.setTaskStatus("Pending");
		ignored.setPageSize(2);
		DescribeTasksResponse page = this.ecs.getAcsResponse(ignored);
		assertThat(page.getTotalCount()).as("an undocumented status filters nothing").isEqualTo(3);
		assertThat(page.getTaskSet()).hasSize(2);
	}

	@Test
	void aFailedTaskSaysWhy() throws Exception {
		start(scenario(Scenarios.scenario()));
		String vmdk = importImage("legacy", "legacy.vmdk").getTaskId();
		String archived = importImage("old", "old.qcow2").getTaskId();
		this.clock.advance(Duration.ofSeconds(61));
		DescribeTaskAttributeResponse task = task(vmdk);
		assertThat(task.getTaskStatus()).isEqualTo("Failed");
		assertThat(task.getFailedCount()).isEqualTo(1);
		assertThat(task.getFinishedTime()).isNotBlank();
		assertThat(task.getOperationProgressSet()).singleElement().satisfies(operation -> {
			assertThat(operation.getOperationStatus()).isEqualTo("Failed");
			assertThat(operation.getErrorMsg()).contains("legacy.vmdk", "not in a supported format");
		});
		assertThat(task(archived).getOperationProgressSet()).singleElement()
			.satisfies(operation -> assertThat(operation.getErrorMsg()).contains("archived"));
	}

	@Test
	void ramDeniesAKeyWithoutRamRights() throws Exception {
		start(scenario(Scenarios.scenario()));
		this.ecs = SandboxClients.ecs("ecsOnly", "ecsOnlySecret");
		for (String action : List.of("GetRole", "ListPoliciesForRole")) {
			CommonRequest request = new CommonRequest();
			request.setSysMethod(MethodType.POST);
			request.setSysDomain(this.sandbox.endpoint());
			request.setSysProtocol(ProtocolType.HTTP);
			request.setSysVersion("2015-05-01");
			request.setSysAction(action);
			request.putQueryParameter("RoleName", "AliyunECSImageImportDefaultRole");
			ClientException ex = catchThrowableOfType(ClientException.class, () -> this.ecs.getCommonResponse(request));
			assertThat(ex.getErrCode()).isEqualTo("NoPermission");
			assertThat(ex.getErrMsg()).contains("ram:" + action);
		}
		assertThat(importImage("web-01", "web.qcow2").getImageId()).as("ECS rights are intact").startsWith("m-");
	}

	@Test
	void anAccountNotInTheWhiteList() throws Exception {
		start(scenario(Scenarios.scenario().notInWhiteList()));
		assertThat(failure(SandboxClients.importImage(this.sandbox, "web-01", "web.qcow2"), 403))
			.isEqualTo("UserNotInTheWhiteList");
	}

	@Test
	void aSkewedClockIsRefused() throws Exception {
		this.clock.set(Instant.now());
		start(scenario(Scenarios.scenario().checkTimestamps(0)));
		this.ecs.getAcsResponse(at(new DescribeRegionsRequest()));
		this.clock.advance(Duration.ofMinutes(16));
		assertThat(failure(at(new DescribeRegionsRequest()), 400)).isEqualTo("InvalidTimeStamp.Expired");
		this.sandbox.close();
		// or, with the machine's clock: the sandbox runs 20 minutes ahead of the caller
		start(scenario(Scenarios.scenario().checkTimestamps(1200)), Clock.systemUTC());
		assertThat(failure(at(new DescribeRegionsRequest()), 400)).isEqualTo("InvalidTimeStamp.Expired");
	}

}
