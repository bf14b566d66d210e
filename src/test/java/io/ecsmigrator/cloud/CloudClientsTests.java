package io.ecsmigrator.cloud;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.ProtocolType;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The clients as the migrator builds them, with the real default credentials chain (here fed by
 * its system properties), against the sandbox on one local endpoint.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class CloudClientsTests {

	private SandboxServer sandbox;

	@BeforeEach
	void start() throws Exception {
		this.sandbox = SandboxServer.start(Scenarios.scenario().region("cn-hangzhou").region("cn-shanghai")
			.bucket("disks-sh", "cn-shanghai").build(), 0);
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

	@Test
	void aRegionWithItsOwnEndpointIsCalledThereAndTheOthersAtTheTemplate() throws Exception {
		String sandbox = "http://" + this.sandbox.endpoint();
		String nowhere = "http://127.0.0.1:1";
		CloudProperties base = local("V4");
		CloudProperties properties = new CloudProperties(
				new CloudProperties.Ecs(nowhere, base.ecs().connectTimeout(), base.ecs().readTimeout(),
						Map.of("cn-shanghai", sandbox)),
				new CloudProperties.Oss(nowhere, "V4", base.oss().connectTimeout(), base.oss().readTimeout(),
						Map.of("cn-shanghai", sandbox)),
				base.ram(), base.retry());
		CloudClients clients = new CloudClients(properties);
		assertThat(clients.acs().getAcsResponse(clients.ecs(new DescribeRegionsRequest(), "cn-shanghai")).getRegions())
			.hasSize(2);
		assertThat(clients.oss("cn-shanghai").getBucketLocation("disks-sh")).isEqualTo("oss-cn-shanghai");
		Throwable elsewhere = catchThrowable(
				() -> clients.acs().getAcsResponse(clients.ecs(new DescribeRegionsRequest(), "cn-hangzhou")));
		assertThat(ErrorClassifier.classify(elsewhere).code()).as("the template's endpoint").startsWith("SDK.");
		clients.destroy();
	}

	@Test
	void ossRequestsGoThroughTheProxyOfTheEnvironment() throws Exception {
		try (ForwardingProxy proxy = ForwardingProxy.start()) {
			CloudClients clients = new CloudClients(local("V4"), new com.aliyuncs.auth.DefaultCredentialsProvider(),
					CallAudit.NONE, Map.of("HTTP_PROXY", "http://127.0.0.1:" + proxy.port()));
			assertThat(clients.oss("cn-shanghai").getBucketLocation("disks-sh")).isEqualTo("oss-cn-shanghai");
			assertThat(proxy.forwarded()).containsExactly("GET http://" + this.sandbox.endpoint() + "/disks-sh/?location");
			clients.destroy();
		}
	}

	/** A plain forwarding HTTP proxy on loopback that remembers what it forwarded. */
	static final class ForwardingProxy implements AutoCloseable {

		private final com.sun.net.httpserver.HttpServer server;

		private final List<String> forwarded = new java.util.concurrent.CopyOnWriteArrayList<>();

		private final java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();

		private ForwardingProxy() throws java.io.IOException {
			this.server = com.sun.net.httpserver.HttpServer
				.create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 16);
			this.server.createContext("/", exchange -> {
				try (exchange) {
					java.net.URI target = exchange.getRequestURI();
					this.forwarded.add(exchange.getRequestMethod() + " " + target);
					java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(target)
						.method(exchange.getRequestMethod(), java.net.http.HttpRequest.BodyPublishers
							.ofByteArray(exchange.getRequestBody().readAllBytes()));
					exchange.getRequestHeaders().forEach((name, values) -> {
						if (!java.util.Set.of("host", "connection", "content-length", "proxy-connection", "expect")
							.contains(name.toLowerCase(java.util.Locale.ROOT))) {
							values.forEach(value -> request.header(name, value));
						}
					});
					java.net.http.HttpResponse<byte[]> response = this.client.send(request.build(),
							java.net.http.HttpResponse.BodyHandlers.ofByteArray());
					response.headers().map().forEach((name, values) -> {
						if (!name.equalsIgnoreCase("content-length") && !name.startsWith(":")) {
							exchange.getResponseHeaders().put(name, values);
						}
					});
					byte[] body = response.body();
					exchange.sendResponseHeaders(response.statusCode(), (body.length == 0) ? -1 : body.length);
					exchange.getResponseBody().write(body);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			this.server.start();
		}

		static ForwardingProxy start() throws java.io.IOException {
			return new ForwardingProxy();
		}

		int port() {
			return this.server.getAddress().getPort();
		}

		List<String> forwarded() {
			return this.forwarded;
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
