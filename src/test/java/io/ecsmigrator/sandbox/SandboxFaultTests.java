package io.ecsmigrator.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Injected faults, seen through the official SDK the way the migrator will meet them. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class SandboxFaultTests {

	private SandboxServer sandbox;

	private DefaultAcsClient ecs;

	private void start(Scenario.Faults faults) throws Exception {
		Scenario scenario = Scenarios.scenario().region("cn-hangzhou").bucket("disks-hz", "cn-hangzhou")
			.object("web.qcow2", Scenario.DiskKind.QCOW2, 40).importSeconds(60).seed(99L)
			.withFaults(faults).build();
		this.sandbox = SandboxServer.start(scenario, 0);
		this.ecs = SandboxClients.ecs();
	}

	@AfterEach
	void stop() {
		if (this.sandbox != null) {
			this.sandbox.close();
		}
	}

	private DescribeRegionsRequest regions() {
		DescribeRegionsRequest request = new DescribeRegionsRequest();
		request.setSysEndpoint(this.sandbox.endpoint());
		return request;
	}

	private ImportImageRequest importImage(String name) {
		return SandboxClients.importImage(this.sandbox, name, "web.qcow2");
	}

	private long imagesNamed(String name) throws ClientException {
		DescribeImagesRequest request = new DescribeImagesRequest();
		request.setSysEndpoint(this.sandbox.endpoint());
		request.setSysRegionId("cn-hangzhou");
		request.setImageName(name);
		request.setStatus("Creating,Available");
		return this.ecs.getAcsResponse(request).getTotalCount();
	}

	/** The error code of each of n calls, or "ok". */
	private List<String> outcomes(int n) {
		List<String> outcomes = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			try {
				this.ecs.getAcsResponse(regions());
				outcomes.add("ok");
			}
			catch (ClientException ex) {
				outcomes.add(ex.getErrCode());
			}
		}
		return outcomes;
	}

	@Test
	void callsOverTheRateLimitAreThrottled() throws Exception {
		start(Scenarios.scenario().rateLimit("DescribeRegions", 3).faults());
		List<String> outcomes = outcomes(12);
		// 12 calls fall in one or two one-second windows, and each window lets 3 through
		assertThat(outcomes).filteredOn("ok"::equals).hasSizeBetween(3, 6);
		assertThat(outcomes).filteredOn("Throttling.User"::equals).hasSizeBetween(6, 9);
		assertThat(this.sandbox.counters().throttled()).containsKey("DescribeRegions");
		ClientException throttled = catchThrowableOfType(ClientException.class, () -> {
			for (int i = 0; i < 10; i++) {
				this.ecs.getAcsResponse(regions());
			}
		});
		assertThat(throttled).isNotInstanceOf(ServerException.class);
		// the window may roll over between two calls: the next refused call, within a few, is a 400
		int status = 200;
		for (int i = 0; i < 10 && status == 200; i++) {
			status = this.ecs.doAction(regions()).getStatus();
		}
		assertThat(status).isEqualTo(400);
	}

	@Test
	void limitsCountEachRegionApartAndInLongerWindows() throws Exception {
		start(Scenarios.scenario().rateWindow("DescribeRegions", "3/3600s").faults());
		List<String> outcomes = new ArrayList<>();
		for (String region : List.of("cn-hangzhou", "cn-hangzhou", "cn-hangzhou", "cn-hangzhou", "cn-shanghai",
				"cn-shanghai", "cn-shanghai", "cn-shanghai")) {
			DescribeRegionsRequest request = regions();
			request.setSysRegionId(region);
			try {
				this.ecs.getAcsResponse(request);
				outcomes.add("ok");
			}
			catch (ClientException ex) {
				outcomes.add(ex.getErrCode());
			}
		}
		// ECS throttles per API, per region, per account: each region has its own 3 an hour
		assertThat(outcomes).containsExactly("ok", "ok", "ok", "Throttling.User", "ok", "ok", "ok", "Throttling.User");
	}

	@Test
	void minuteWindowsEndAtTheMinute() {
		Faults faults = new Faults(
				Scenarios.scenario().rateLimit("ImportImage", 2).rateWindow("ImportImage", "3/60s").build());
		long minute = 1_800_000_000_000L / 60_000 * 60_000;
		List<Faults.Fate> fates = new ArrayList<>();
		for (long t : new long[] { 0, 1, 2_000, 3_000, 4_000, 59_999, 60_000, 60_001, 60_002 }) {
			fates.add(faults.fate("ImportImage", "cn-hangzhou", minute + t));
		}
		// two a second, three a minute: the minute's fourth call is refused though its second is
		// fresh, until the next minute starts; then the second's third is refused
		assertThat(fates).containsExactly(Faults.Fate.ANSWER, Faults.Fate.ANSWER, Faults.Fate.ANSWER,
				Faults.Fate.THROTTLE, Faults.Fate.THROTTLE, Faults.Fate.THROTTLE, Faults.Fate.ANSWER,
				Faults.Fate.ANSWER, Faults.Fate.THROTTLE);
		assertThat(Scenarios.scenario().faults().rateWindows()).isEmpty();
		assertThatThrownBy(() -> Scenarios.scenario().rateWindow("ImportImage", "200 per minute").faults())
			.hasMessageContaining("not like 200/60s");
	}

	@Test
	void serverErrorsFollowTheSeed() throws Exception {
		start(Scenarios.scenario().errorRate(0.5).faults());
		List<String> first = outcomes(40);
		assertThat(first).contains("ok", "ServiceUnavailable", "InternalError");
		this.sandbox.close();
		start(Scenarios.scenario().errorRate(0.5).faults());
		assertThat(outcomes(40)).as("the same seed replays the same faults").isEqualTo(first);
	}

	@Test
	void aLostAnswerStillCreatesTheImage() throws Exception {
		start(Scenarios.scenario().lostResponseRate(1.0).faults());
		ClientException lost = catchThrowableOfType(ClientException.class, () -> this.ecs.getAcsResponse(importImage("web-01")));
		assertThat(lost.getErrCode()).isEqualTo("SDK.ServerUnreachable");
		assertThat(imagesNamed("web-01")).as("the work was done").isEqualTo(1);
		assertThat(this.sandbox.counters().faults()).containsEntry("ImportImage LostAnswer", 1L);
	}

	@Test
	void aLateAnswerTimesOutAfterTheWorkWasDone() throws Exception {
		start(Scenarios.scenario().lostResponseRate(1.0).lateResponse(1500).faults());
		ImportImageRequest request = importImage("web-02");
		request.setSysReadTimeout(300);
		ClientException late = catchThrowableOfType(ClientException.class, () -> this.ecs.getAcsResponse(request));
		assertThat(late.getErrCode()).isEqualTo("SDK.ReadTimeout");
		assertThat(imagesNamed("web-02")).isEqualTo(1);
	}

	@Test
	void latencyIsAddedToEveryAnswer() throws Exception {
		start(Scenarios.scenario().ecsLatency(200).faults());
		long start = System.nanoTime();
		this.ecs.getAcsResponse(regions());
		assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(200);
	}

	@Test
	void countersAreServedOverHttp() throws Exception {
		start(null);
		long started = System.nanoTime();
		for (int i = 0; i < 10; i++) {
			this.ecs.getAcsResponse(regions());
		}
		long tookMillis = (System.nanoTime() - started) / 1_000_000;
		if (tookMillis < 900) {
			assertThat(this.sandbox.counters().peakRate("DescribeRegions")).isEqualTo(10);
		}
		String json = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://" + this.sandbox.endpoint() + "/_sandbox/counters")).build(),
					BodyHandlers.ofString())
			.body();
		assertThat(json).contains("\"calls\":{\"DescribeRegions\":10}", "\"peakCallsPerSecond\"", "\"createdImages\"");
	}

}
