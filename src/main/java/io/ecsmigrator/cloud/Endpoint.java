package io.ecsmigrator.cloud;

import java.net.URI;
import java.util.Locale;

import com.aliyuncs.http.ProtocolType;

/**
 * An endpoint property resolved for a region: the SDKs want the scheme and {@code host:port}
 * apart (the ECS SDK turns {@code http://host} into {@code http://http://host}).
 */
public record Endpoint(String scheme, String hostAndPort) {

	public static Endpoint of(String template, String region) {
		String resolved = template.replace("{region}", region);
		URI uri = URI.create(resolved.contains("://") ? resolved : "https://" + resolved);
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new IllegalArgumentException("endpoint " + template + " must be http:// or https://");
		}
		String host = uri.getHost() + ((uri.getPort() > 0) ? ":" + uri.getPort() : "");
		return new Endpoint(scheme, host);
	}

	public ProtocolType protocol() {
		return this.scheme.equals("http") ? ProtocolType.HTTP : ProtocolType.HTTPS;
	}

	/** {@code scheme://host:port}, as the OSS SDK takes it. */
	public String url() {
		return this.scheme + "://" + this.hostAndPort;
	}

}
