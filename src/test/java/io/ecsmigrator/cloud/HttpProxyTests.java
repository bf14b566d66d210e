package io.ecsmigrator.cloud;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** The OSS client follows the proxy environment the ECS SDK core reads, by the core's rules. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class HttpProxyTests {

	private static final Endpoint OSS_HTTPS = Endpoint.of("https://oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou");

	private static final Endpoint LOCAL_HTTP = Endpoint.of("http://127.0.0.1:8099", "cn-hangzhou");

	@Test
	void httpsEndpointsGoThroughHttpsProxyAndHttpOnesThroughHttpProxy() {
		Map<String, String> env = Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "http_proxy", "http://plain:8080");
		assertThat(HttpProxy.forEndpoint(OSS_HTTPS, env)).contains(new HttpProxy("proxy.corp", 3128, null, null));
		assertThat(HttpProxy.forEndpoint(LOCAL_HTTP, env)).contains(new HttpProxy("plain", 8080, null, null));
		assertThat(HttpProxy.forEndpoint(OSS_HTTPS, Map.of("HTTP_PROXY", "http://plain:8080"))).isEmpty();
	}

	@Test
	void noProxyListsHostsReachedDirectlyByExactName() {
		Map<String, String> env = Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "NO_PROXY",
				"localhost, oss-cn-hangzhou.aliyuncs.com");
		assertThat(HttpProxy.forEndpoint(OSS_HTTPS, env)).isEmpty();
		Map<String, String> suffix = Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "NO_PROXY", "aliyuncs.com");
		assertThat(HttpProxy.forEndpoint(OSS_HTTPS, suffix)).as("exact names only, as the ECS SDK").isPresent();
	}

	@Test
	void credentialsInTheProxyUrlAreUsedAndNeverPrinted() {
		HttpProxy proxy = HttpProxy
			.forEndpoint(OSS_HTTPS, Map.of("HTTPS_PROXY", "http://mig%40rator:s3cret%21@proxy.corp"))
			.orElseThrow();
		assertThat(proxy).isEqualTo(new HttpProxy("proxy.corp", 80, "mig@rator", "s3cret!"));
		assertThat(proxy.toString()).doesNotContain("s3cret");
	}

}
