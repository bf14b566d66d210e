package io.ecsmigrator.sandbox;

import java.util.concurrent.TimeUnit;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Quota Center's ListProductQuotas for ECS's custom-image quota, through the official core SDK. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class SandboxQuotaCenterTests {

	private SandboxServer sandbox;

	private final DefaultAcsClient client = SandboxClients.ecs();

	@AfterEach
	void stop() {
		this.sandbox.close();
	}

	/** The test's own AccessKey, in the world every test of the class shares. */
	private void start(Scenarios key) throws Exception {
		this.sandbox = SandboxServer.start(key.region("cn-hangzhou")
			.imageQuota(250)
			.existingImages(10)
			.region("cn-shanghai")
			.build(), 0);
	}

	private JsonNode imageQuota(String region) throws ClientException {
		CommonRequest request = new CommonRequest();
		request.setSysMethod(MethodType.POST);
		request.setSysDomain(this.sandbox.endpoint());
		request.setSysProtocol(ProtocolType.HTTP);
		request.setSysVersion("2020-05-10");
		request.setSysAction("ListProductQuotas");
		request.putQueryParameter("ProductCode", "ecs");
		request.putQueryParameter("QuotaActionCode", "q_user-image-count");
		request.putQueryParameter("Dimensions.1.Key", "regionId");
		request.putQueryParameter("Dimensions.1.Value", region);
		return JsonMapper.builder().build().readTree(this.client.getCommonResponse(request).getData());
	}

	@Test
	void eachRegionsImageQuotaAndItsUsage() throws Exception {
		start(Scenarios.scenario().accessKey("testAK", "testSecret"));
		JsonNode hangzhou = imageQuota("cn-hangzhou").path("Quotas");
		assertThat(hangzhou).hasSize(1);
		assertThat(hangzhou.get(0).path("QuotaActionCode").asString()).isEqualTo("q_user-image-count");
		assertThat(hangzhou.get(0).path("TotalQuota").asDouble()).isEqualTo(250.0);
		assertThat(hangzhou.get(0).path("TotalUsage").asDouble()).as("the images it holds").isEqualTo(10.0);
		assertThat(hangzhou.get(0).path("Dimensions").path("regionId").asString()).isEqualTo("cn-hangzhou");
		assertThat(imageQuota("cn-shanghai").path("Quotas").get(0).path("TotalQuota").asDouble()).isEqualTo(100.0);
	}

	@Test
	void aKeyWithoutTheRightIsRefused() throws Exception {
		start(Scenarios.scenario().quotasDeniedAccessKey("testAK", "testSecret"));
		ClientException ex = catchThrowableOfType(ClientException.class, () -> imageQuota("cn-hangzhou"));
		assertThat(ex.getErrCode()).isEqualTo("NoPermission");
	}

}
