package io.ecsmigrator.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;

/**
 * The OSS calls the migrator makes: HEAD and ranged GET of disk
 * objects, and a bucket's {@code ?location} and {@code ?bucketInfo}. Signatures V1 (HMAC-SHA1) and
 * V4 (OSS4-HMAC-SHA256) are checked as OSS documents them, independently of any one SDK.
 */
final class OssService {

	/** Largest range served at once: readers of disk headers ask for a few KiB. */
	static final int MAX_RANGE = 4 << 20;

	/** Query parameters that are part of a V1 CanonicalizedResource. */
	private static final Set<String> V1_SUBRESOURCES = Set.of("acl", "append", "bucketInfo", "cname", "comp", "cors",
			"delete", "lifecycle", "location", "logging", "objectMeta", "partNumber", "position", "referer",
			"replication", "response-cache-control", "response-content-disposition", "response-content-encoding",
			"response-content-language", "response-content-type", "response-expires", "security-token", "stat",
			"symlink", "tagging", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
			"x-oss-process");

	private static final Pattern V4_AUTHORIZATION = Pattern.compile(
			"OSS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/oss/aliyun_v4_request,\\s*(?:AdditionalHeaders=([^,]*),\\s*)?Signature=([0-9a-f]{64})");

	private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

	private final Scenario scenario;

	private final SandboxCounters counters;

	private final Faults faults;

	private final RequestTime requestTime;

	OssService(Scenario scenario, SandboxCounters counters, Faults faults, RequestTime requestTime) {
		this.scenario = scenario;
		this.counters = counters;
		this.faults = faults;
		this.requestTime = requestTime;
	}

	/** A parsed request: bucket, key ({@code null} for a bucket call) and decoded query. */
	private record OssRequest(String method, String bucket, String key, Map<String, String> query,
			HttpExchange exchange) {

		String header(String name) {
			String value = this.exchange.getRequestHeaders().getFirst(name);
			return (value != null) ? value.trim() : "";
		}

	}

	void serve(HttpExchange exchange, String requestId) throws IOException {
		OssRequest request = parse(exchange);
		try {
			String signedRegion = verify(request);
			this.requestTime.checkOss(request.header("x-oss-date"), request.header("Date"));
			String action = "OSS." + operation(request);
			this.counters.call(action);
			Faults.Fate fate = this.faults.fate(action, null, System.currentTimeMillis());
			SandboxServer.pause(this.faults.latencyMillis(true));
			if (fate == Faults.Fate.THROTTLE || fate == Faults.Fate.UNAVAILABLE) {
				this.counters.fault(action, "ServiceUnavailable");
				throw new CloudError(503, "ServiceUnavailable", "Please reduce your request rate or try again later.");
			}
			if (fate == Faults.Fate.SERVER_ERROR) {
				this.counters.fault(action, "InternalError");
				throw new CloudError(500, "InternalError", "We encountered an internal error. Please try again.");
			}
			String burst = this.faults.ossBurst();
			if (burst != null) {
				this.counters.fault(action, burst);
				throw new CloudError(503, burst, burst.equals("SlowDown") ? "Please reduce your request rate."
						: "The service is unavailable. Please try again later.");
			}
			if (request.method().equals("HEAD") && this.faults.bodilessHead()) {
				// a proxy's 503: no body and no x-oss-err, so the SDK has no error document to read
				this.counters.fault(action, "BodilessHead503");
				exchange.getResponseHeaders().set("x-oss-request-id", requestId);
				exchange.sendResponseHeaders(503, -1);
				return;
			}
			Scenario.Bucket bucket = this.scenario.bucket(request.bucket())
				.orElseThrow(() -> new CloudError(404, "NoSuchBucket", "The specified bucket does not exist."));
			if (bucket.otherAccount()) {
				// another account's private bucket: OSS refuses every request (OSS "HTTP 403 errors", AccessDenied)
				throw new CloudError(403, "AccessDenied", "You have no right to access this object because of bucket acl.");
			}
			if (signedRegion != null && !signedRegion.equals(bucket.region())
					&& !request.query().containsKey("location")) {
				// asked at another region's endpoint (V4 signs the region): OSS "HTTP 403 errors"; GetBucketLocation
				// answers from any endpoint, it is how a client finds the right one
				throw new CloudError(403, "AccessDenied", "The bucket you are attempting to access must be addressed "
						+ "using the specified endpoint. Please send all future requests to this endpoint.",
						"<Endpoint>oss-" + bucket.region() + ".aliyuncs.com</Endpoint>");
			}
			if (request.key() == null) {
				bucketCall(request, bucket, requestId);
				return;
			}
			Scenario.DiskObject object = bucket.object(request.key())
				.orElseThrow(() -> new CloudError(404, "NoSuchKey", "The specified key does not exist."));
			objectCall(request, object, requestId);
		}
		catch (CloudError error) {
			respondError(exchange, request, requestId, error);
		}
	}

	private static String operation(OssRequest request) {
		if (request.key() == null) {
			return request.query().containsKey("location") ? "GetBucketLocation"
					: request.query().containsKey("bucketInfo") ? "GetBucketInfo" : "Bucket";
		}
		return request.method().equals("HEAD") ? "HeadObject" : "GetObject";
	}

	/** {@code bucket.oss-region….}: the Host of a virtual-hosted request, which names the bucket. */
	private static final Pattern VIRTUAL_HOST = Pattern.compile("([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\\.oss-[^:]+(:\\d+)?");

	/**
	 * Path-style ({@code Host: 127.0.0.1:port}, {@code /bucket/key}), as the Java SDK sends to an IP
	 * endpoint, or virtual-hosted ({@code Host: bucket.oss-region.aliyuncs.com}, {@code /key}), as
	 * other official clients do even when they connect to an IP.
	 */
	private static OssRequest parse(HttpExchange exchange) {
		String rawPath = exchange.getRequestURI().getRawPath();
		String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
		String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host")).toLowerCase(Locale.ROOT);
		Matcher virtual = VIRTUAL_HOST.matcher(host);
		String bucket;
		String key;
		if (virtual.matches()) {
			bucket = virtual.group(1);
			key = path.isEmpty() ? null : decode(path);
		}
		else {
			int slash = path.indexOf('/');
			bucket = decode((slash < 0) ? path : path.substring(0, slash));
			key = (slash < 0 || slash == path.length() - 1) ? null : decode(path.substring(slash + 1));
		}
		Map<String, String> query = new TreeMap<>();
		String rawQuery = exchange.getRequestURI().getRawQuery();
		if (rawQuery != null && !rawQuery.isEmpty()) {
			for (String pair : rawQuery.split("&")) {
				int eq = pair.indexOf('=');
				query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), (eq < 0) ? "" : decode(pair.substring(eq + 1)));
			}
		}
		return new OssRequest(exchange.getRequestMethod(), bucket, key, query, exchange);
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/** Checks the signature; returns the region a V4 signature names, {@code null} for V1. */
	private String verify(OssRequest request) {
		String authorization = request.header("Authorization");
		if (authorization.startsWith("OSS4-HMAC-SHA256 ")) {
			return verifyV4(request, authorization);
		}
		else if (authorization.startsWith("OSS ")) {
			verifyV1(request, authorization);
			return null;
		}
		else {
			throw new CloudError(403, "AccessDenied", "Anonymous access is forbidden for this operation.");
		}
	}

	private String secretOf(String accessKeyId) {
		return this.scenario.secretOf(accessKeyId)
			.orElseThrow(() -> new CloudError(403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not "
					+ "exist in our records."));
	}

	private void verifyV1(OssRequest request, String authorization) {
		String credentials = authorization.substring(4);
		int colon = credentials.lastIndexOf(':');
		String accessKeyId = credentials.substring(0, Math.max(colon, 0));
		String secret = secretOf(accessKeyId);
		String resource = "/" + request.bucket() + "/" + ((request.key() != null) ? request.key() : "");
		String subresources = request.query()
			.entrySet()
			.stream()
			.filter(e -> V1_SUBRESOURCES.contains(e.getKey()))
			.map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining("&"));
		// a client that cannot set Date (a browser, ali-oss) signs its x-oss-date instead, as OSS allows
		String date = request.header("x-oss-date").isEmpty() ? request.header("Date") : request.header("x-oss-date");
		String stringToSign = request.method() + "\n" + request.header("Content-MD5") + "\n"
				+ request.header("Content-Type") + "\n" + date + "\n" + ossHeaders(request)
				+ resource + (subresources.isEmpty() ? "" : "?" + subresources);
		String expected = Base64.getEncoder().encodeToString(hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8),
				stringToSign));
		if (!expected.equals(credentials.substring(colon + 1))) {
			throw new CloudError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the "
					+ "signature you provided. Check your key and signing method.");
		}
	}

	private static String ossHeaders(OssRequest request) {
		Map<String, String> headers = new TreeMap<>();
		request.exchange().getRequestHeaders().forEach((name, values) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (lower.startsWith("x-oss-")) {
				headers.put(lower, String.join(",", values).trim());
			}
		});
		return headers.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue() + "\n").collect(Collectors.joining());
	}

	private String verifyV4(OssRequest request, String authorization) {
		Matcher m = V4_AUTHORIZATION.matcher(authorization);
		if (!m.matches()) {
			throw new CloudError(400, "InvalidArgument", "Authorization header is invalid.");
		}
		String secret = secretOf(m.group(1));
		String date = m.group(2);
		String region = m.group(3);
		List<String> additional = (m.group(4) == null || m.group(4).isEmpty()) ? List.of()
				: List.of(m.group(4).toLowerCase(Locale.ROOT).split(";"));
		String uri = uriEncode("/" + request.bucket() + "/" + ((request.key() != null) ? request.key() : ""), false);
		String query = request.query()
			.entrySet()
			.stream()
			.map(e -> uriEncode(e.getKey(), true) + (e.getValue().isEmpty() ? "" : "=" + uriEncode(e.getValue(), true)))
			.sorted()
			.collect(Collectors.joining("&"));
		Map<String, String> signed = new TreeMap<>();
		request.exchange().getRequestHeaders().forEach((name, values) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (lower.startsWith("x-oss-") || lower.equals("content-type") || lower.equals("content-md5")
					|| additional.contains(lower)) {
				signed.put(lower, values.stream().map(String::trim).collect(Collectors.joining(",")));
			}
		});
		String headers = signed.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue() + "\n")
			.collect(Collectors.joining());
		String payload = request.header("x-oss-content-sha256").isEmpty() ? "UNSIGNED-PAYLOAD"
				: request.header("x-oss-content-sha256");
		String canonical = request.method() + "\n" + uri + "\n" + query + "\n" + headers + "\n"
				+ String.join(";", additional) + "\n" + payload;
		String scope = date + "/" + region + "/oss/aliyun_v4_request";
		String stringToSign = "OSS4-HMAC-SHA256\n" + request.header("x-oss-date") + "\n" + scope + "\n"
				+ HexFormat.of().formatHex(sha256(canonical));
		byte[] key = hmac("HmacSHA256", ("aliyun_v4" + secret).getBytes(StandardCharsets.UTF_8), date);
		key = hmac("HmacSHA256", key, region);
		key = hmac("HmacSHA256", key, "oss");
		key = hmac("HmacSHA256", key, "aliyun_v4_request");
		if (!HexFormat.of().formatHex(hmac("HmacSHA256", key, stringToSign)).equals(m.group(5))) {
			throw new CloudError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the "
					+ "signature you provided. Check your key and signing method.");
		}
		return region;
	}

	/** RFC 3986 percent-encoding; {@code /} stays as it is in a path. */
	private static String uriEncode(String value, boolean encodeSlash) {
		StringBuilder out = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
				out.append(c);
			}
			else {
				out.append('%').append(String.format("%02X", b & 0xFF));
			}
		}
		return out.toString();
	}

	private static byte[] hmac(String algorithm, byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(key, algorithm));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(algorithm + " is in every JVM", ex);
		}
	}

	private static byte[] sha256(String data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is in every JVM", ex);
		}
	}

	private void bucketCall(OssRequest request, Scenario.Bucket bucket, String requestId) throws IOException {
		if (bucket.locationDenied()) {
			// a RAM user with oss:GetObject only, or a public-read bucket of another account: the bucket's
			// metadata is refused while its objects are readable (ECS's import role needs GetBucketInfo too)
			throw new CloudError(403, "AccessDenied", "You have no right to access this bucket.");
		}
		String location = "oss-" + bucket.region();
		String xml;
		if (request.query().containsKey("location")) {
			xml = "<LocationConstraint>" + location + "</LocationConstraint>";
		}
		else if (request.query().containsKey("bucketInfo")) {
			xml = "<BucketInfo><Bucket><Name>" + bucket.name() + "</Name><Location>" + location + "</Location>"
					+ "<Region>" + bucket.region() + "</Region><CreationDate>2024-01-01T00:00:00.000Z</CreationDate>"
					+ "<ExtranetEndpoint>" + location + ".aliyuncs.com</ExtranetEndpoint>"
					+ "<IntranetEndpoint>" + location + "-internal.aliyuncs.com</IntranetEndpoint>"
					+ "<StorageClass>Standard</StorageClass><Owner><ID>1</ID><DisplayName>1</DisplayName></Owner>"
					+ "<AccessControlList><Grant>private</Grant></AccessControlList></Bucket></BucketInfo>";
		}
		else {
			throw new CloudError(400, "NotImplemented", "The sandbox serves ?location and ?bucketInfo of a bucket.");
		}
		byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml).getBytes(StandardCharsets.UTF_8);
		HttpExchange exchange = request.exchange();
		exchange.getResponseHeaders().set("Content-Type", "application/xml");
		exchange.getResponseHeaders().set("x-oss-request-id", requestId);
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private void objectCall(OssRequest request, Scenario.DiskObject object, String requestId) throws IOException {
		if (object.archived() && request.method().equals("GET")) {
			// OSS error 0016-00000404: an Archive object cannot be read until it is restored
			throw new CloudError(403, "InvalidObjectState", "The operation is not valid for the object's state.");
		}
		DiskBytes bytes = DiskBytes.of(object, this.scenario.seed() ^ object.key().hashCode());
		HttpExchange exchange = request.exchange();
		var headers = exchange.getResponseHeaders();
		headers.set("Content-Type", "application/octet-stream");
		headers.set("ETag", "\"" + HexFormat.of().formatHex(sha256(request.bucket() + "/" + object.key()), 0, 16)
			.toUpperCase(Locale.ROOT) + "\"");
		headers.set("Last-Modified", RFC_1123.format(Instant.parse("2026-11-01T00:00:00Z")));
		headers.set("x-oss-request-id", requestId);
		headers.set("x-oss-object-type", "Normal");
		headers.set("Accept-Ranges", "bytes");
		headers.set("x-oss-storage-class", object.storageClass());
		if (request.method().equals("HEAD")) {
			// HeadObject reads an archived object's metadata like any other (x-oss-storage-class says
			// Archive; x-oss-restore is absent until a restore is asked): OSS HeadObject reference
			headers.set("Content-Length", Long.toString(bytes.size()));
			exchange.sendResponseHeaders(200, -1);
			return;
		}
		if (!request.method().equals("GET")) {
			throw new CloudError(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
		}

		long[] range = range(request.header("Range"), bytes.size());
		if (range[1] - range[0] + 1 > MAX_RANGE) {
			throw new CloudError(400, "Sandbox.RangeTooLarge",
					"The sandbox serves at most %d bytes a request: ask for a range.".formatted(MAX_RANGE));
		}
		byte[] body = bytes.range(range[0], range[1]);
		boolean partial = !request.header("Range").isEmpty();
		if (partial) {
			headers.set("Content-Range", "bytes %d-%d/%d".formatted(range[0], range[1], bytes.size()));
		}
		exchange.sendResponseHeaders(partial ? 206 : 200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/** {@code bytes=a-b}, {@code bytes=-n} (the last n) or {@code bytes=a-}; none: the whole object. */
	private static long[] range(String header, long size) {
		if (header.isEmpty()) {
			return new long[] { 0, size - 1 };
		}
		Matcher m = Pattern.compile("bytes=(\\d*)-(\\d*)").matcher(header);
		if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
			return new long[] { 0, size - 1 };
		}
		if (m.group(1).isEmpty()) {
			long last = Math.min(size, Long.parseLong(m.group(2)));
			return new long[] { size - last, size - 1 };
		}
		long first = Long.parseLong(m.group(1));
		long last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
		if (first >= size) {
			throw new CloudError(416, "InvalidRange", "The requested range cannot be satisfied.");
		}
		return new long[] { first, last };
	}

	private static void respondError(HttpExchange exchange, OssRequest request, String requestId, CloudError error)
			throws IOException {
		String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + error.code() + "</Code><Message>"
				+ error.getMessage() + "</Message><RequestId>" + requestId + "</RequestId><HostId>"
				+ request.bucket() + ".oss-sandbox.aliyuncs.com</HostId>"
				+ ((request.key() != null) ? "<Key>" + escape(request.key()) + "</Key>" : "")
				+ "<BucketName>" + escape(request.bucket()) + "</BucketName>" + error.detail() + "</Error>";
		byte[] body = xml.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/xml");
		exchange.getResponseHeaders().set("x-oss-request-id", requestId);
		if (request.method().equals("HEAD")) {
			// a HEAD answer has no body: OSS puts the error document in this header instead
			exchange.getResponseHeaders().set("x-oss-err", Base64.getEncoder().encodeToString(body));
			exchange.sendResponseHeaders(error.status(), -1);
			return;
		}
		exchange.sendResponseHeaders(error.status(), body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static String escape(String value) {
		return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
