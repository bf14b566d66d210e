package io.ecsmigrator.cloud;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.aliyun.oss.ClientConfiguration;

/**
 * The proxy an endpoint is reached through, from the same environment the ECS SDK reads, so that
 * one setting serves ECS, RAM and OSS (the OSS SDK reads none of it by itself).
 * <p>
 * The rules are aliyun-java-sdk-core 4.7's ({@code ApacheHttpClient.calcProxy},
 * {@code HttpUtil.needProxy}/{@code getApacheProxy}, {@code EnvironmentUtils}): an {@code https}
 * endpoint goes through {@code HTTPS_PROXY}, an {@code http} one through {@code HTTP_PROXY} (or
 * {@code http_proxy}); {@code NO_PROXY} is a comma-separated list of hosts reached directly, each
 * compared with the endpoint's host exactly; user and password in the proxy URL are sent as basic
 * authentication.
 *
 * @param username the proxy's user, or {@code null}
 * @param password the proxy's password, or {@code null}; never printed ({@link #toString()})
 */
public record HttpProxy(String host, int port, String username, String password) {

	/** The proxy for requests to the endpoint, or none. */
	public static Optional<HttpProxy> forEndpoint(Endpoint endpoint, Map<String, String> environment) {
		String host = endpoint.hostAndPort().replaceFirst(":\\d+$", "");
		String noProxy = environment.get("NO_PROXY");
		if (noProxy != null && Arrays.stream(noProxy.split(",")).map(String::trim).anyMatch(host::equals)) {
			return Optional.empty();
		}
		String proxy = endpoint.scheme().equals("https") ? environment.get("HTTPS_PROXY")
				: firstSet(environment.get("HTTP_PROXY"), environment.get("http_proxy"));
		if (proxy == null || proxy.isBlank()) {
			return Optional.empty();
		}
		URI uri = URI.create(proxy.trim().contains("://") ? proxy.trim() : "http://" + proxy.trim());
		if (uri.getHost() == null) {
			throw new IllegalArgumentException("the proxy " + uri.getScheme() + "://… in the environment has no host");
		}
		int port = (uri.getPort() > 0) ? uri.getPort()
				: "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
		String user = null;
		String password = null;
		if (uri.getRawUserInfo() != null) {
			String[] parts = uri.getRawUserInfo().split(":", 2);
			user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
			password = (parts.length > 1) ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
		}
		return Optional.of(new HttpProxy(uri.getHost(), port, user, password));
	}

	/** Sets this proxy on an OSS client's configuration. */
	void applyTo(ClientConfiguration configuration) {
		configuration.setProxyHost(this.host);
		configuration.setProxyPort(this.port);
		if (this.username != null) {
			configuration.setProxyUsername(this.username);
			configuration.setProxyPassword(this.password);
		}
	}

	private static String firstSet(String first, String second) {
		return (first != null && !first.isEmpty()) ? first : second;
	}

	@Override
	public String toString() {
		return this.host + ":" + this.port + ((this.username != null) ? " (as " + this.username + ")" : "");
	}

}
