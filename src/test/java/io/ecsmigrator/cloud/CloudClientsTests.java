package io.ecsmigrator.cloud;

import java.util.List;

import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.ProtocolType;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.SandboxCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The clients as the migrator builds them, with the real default credentials chain (here fed by
 * its system properties), against the sandbox on one local endpoint.
 */
class CloudClientsTests {

	private SandboxServer sandbox;

	@BeforeEach
	void start() throws Exception {
		this.sandbox = SandboxServer.start(new Scenario(null, null,
				List.of(new Scenario.Region("cn-hangzhou", null, null, null, null),
						new Scenario.Region("cn-shanghai", null, null, null, null)),
				List.of(new Scenario.Bucket("disks-sh", "cn-shanghai", List.of())), null, null), 0);
		SandboxCloud.useCredentials("testAK", "testSecret");
	}

	@AfterEach
	void stop() {
		SandboxCloud.clearCredentials();
		this.sandbox.close();
	}

	private CloudProperties local(String ossSignature) {
		return SandboxCloud.properties(this.sandbox, ossSignature, 3);
	}

	@Test
	void ecsAndOssThroughOneLocalEndpointWithTheDefaultCredentialsChain() throws Exception {
		for (String signature : List.of("V4", "V1")) {
			CloudClients clients = new CloudClients(local(signature));
			DescribeRegionsRequest regions = clients.ecs(new DescribeRegionsRequest(), "cn-shanghai");
			assertThat(regions.getSysProtocol()).isEqualTo(ProtocolType.HTTP);
			assertThat(clients.acs().getAcsResponse(regions).getRegions()).hasSize(2);
			assertThat(clients.oss("cn-shanghai").getBucketLocation("disks-sh")).as(signature)
				.isEqualTo("oss-cn-shanghai");
			clients.destroy();
		}
	}

	@Test
	void aWrongSecretFromTheChainIsAnAccountFailure() throws Exception {
		SandboxCloud.useCredentials("testAK", "wrong");
		CloudClients clients = new CloudClients(local("V4"));
		Throwable ecs = catchThrowable(() -> clients.acs().getAcsResponse(clients.ecs(new DescribeRegionsRequest(), "cn-hangzhou")));
		assertThat(ErrorClassifier.classify(ecs).errorClass()).isEqualTo(ErrorClass.ACCOUNT);
		Throwable oss = catchThrowable(() -> clients.oss("cn-shanghai").getBucketLocation("disks-sh"));
		assertThat(ErrorClassifier.classify(oss).errorClass()).isEqualTo(ErrorClass.ACCOUNT);
		assertThat(ecs.getMessage() + oss.getMessage()).doesNotContain("wrong");
		clients.destroy();
	}

	@Test
	void endpointsResolveTheirRegion() {
		assertThat(Endpoint.of("https://ecs.{region}.aliyuncs.com", "cn-beijing"))
			.isEqualTo(new Endpoint("https", "ecs.cn-beijing.aliyuncs.com"));
		assertThat(Endpoint.of("https://oss-{region}-internal.aliyuncs.com", "cn-beijing").url())
			.isEqualTo("https://oss-cn-beijing-internal.aliyuncs.com");
		Endpoint local = Endpoint.of("http://127.0.0.1:8099", "cn-beijing");
		assertThat(local.hostAndPort()).isEqualTo("127.0.0.1:8099");
		assertThat(local.protocol()).isEqualTo(ProtocolType.HTTP);
		assertThat(Endpoint.of("ecs.aliyuncs.com", "x").protocol()).isEqualTo(ProtocolType.HTTPS);
	}

	@Test
	void retriesFollowTheProperties() {
		CloudClients clients = new CloudClients(local("V4"), () -> {
			throw new ClientException("SDK.InvalidCredential", "no credentials");
		}, CallAudit.NONE);
		CloudCallException ex = catchThrowableOfType(CloudCallException.class,
				() -> clients.retrier().call("DescribeRegions", true, () -> {
					throw new ServerException("ServiceUnavailable", "try later", "R-1");
				}));
		assertThat(ex.attempts()).as("migrator.retry.max-attempts").isEqualTo(3);
		clients.destroy();
	}

}
