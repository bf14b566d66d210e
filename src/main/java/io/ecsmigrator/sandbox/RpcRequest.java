package io.ecsmigrator.sandbox;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An Alibaba Cloud RPC request (ECS, RAM): parameters from the query string and a form body, and
 * the check of its signature (version 1.0, HMAC-SHA1), as the official SDKs compute it.
 */
final class RpcRequest {

	private final String method;

	private final Map<String, String> parameters;

	private RpcRequest(String method, Map<String, String> parameters) {
		this.method = method;
		this.parameters = parameters;
	}

	static RpcRequest parse(String method, String rawQuery, String formBody) {
		Map<String, String> parameters = new TreeMap<>();
		decodeInto(rawQuery, parameters);
		decodeInto(formBody, parameters);
		return new RpcRequest(method, parameters);
	}

	private static void decodeInto(String encoded, Map<String, String> into) {
		if (encoded == null || encoded.isEmpty()) {
			return;
		}
		for (String pair : encoded.split("&")) {
			int eq = pair.indexOf('=');
			String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			into.put(key, value);
		}
	}

	String action() {
		return this.parameters.get("Action");
	}

	Optional<String> get(String name) {
		String value = this.parameters.get(name);
		return (value == null || value.isEmpty()) ? Optional.empty() : Optional.of(value);
	}

	String require(String name) {
		return get(name).orElseThrow(() -> CloudError.missing(name));
	}

	Map<String, String> parameters() {
		return this.parameters;
	}

	/**
	 * Checks the signature against the scenario's keys: an unknown key or a wrong secret is refused
	 * the way the real endpoints refuse them.
	 */
	void verify(Scenario scenario) {
		String accessKeyId = require("AccessKeyId");
		String secret = scenario.secretOf(accessKeyId)
			.orElseThrow(() -> new CloudError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."));
		String expected = sign(stringToSign(), secret);
		if (!expected.equals(this.parameters.get("Signature"))) {
			throw new CloudError(400, "SignatureDoesNotMatch",
					"Specified signature is not matched with our calculation. server string to sign is:"
							+ stringToSign());
		}
	}

	String stringToSign() {
		String canonical = this.parameters.entrySet()
			.stream()
			.filter(e -> !e.getKey().equals("Signature"))
			.map(e -> percentEncode(e.getKey()) + "=" + percentEncode(e.getValue()))
			.collect(Collectors.joining("&"));
		return this.method + "&" + percentEncode("/") + "&" + percentEncode(canonical);
	}

	static String sign(String stringToSign, String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA1 is in every JVM", ex);
		}
	}

	static String percentEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8)
			.replace("+", "%20")
			.replace("*", "%2A")
			.replace("%7E", "~");
	}

}
