package io.ecsmigrator.cloud;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.aliyun.oss.OSSException;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;

/**
 * The one place that reads the errors of both SDKs and says what they mean for the run. Codes are
 * the APIs' own (ECS, RAM, OSS); the SDKs' transport failures are told apart by their cause, since
 * a refused connection is safe to retry and a lost answer is not.
 */
public final class ErrorClassifier {

	/** The SDK found no credentials: it has no code of its own for it. */
	static final String NO_CREDENTIALS = "SDK.NoCredentials";

	/**
	 * A body the ECS/RAM SDK could not read: a gateway's HTML 502/504 in front of the service.
	 * aliyun-java-sdk-core 4.7.10 has no code for it (no {@code SDK.UnknownServerError}): it throws a
	 * {@code ClientException} with a {@code null} code and the message "Server response has a bad
	 * format type: RAW; …" (docs/cloud-reference.md §6), so the migrator names it.
	 */
	static final String BAD_RESPONSE = "SDK.BadResponseFormat";

	/** Any other {@code ClientException} without a code. */
	static final String CLIENT_ERROR = "SDK.ClientError";

	/**
	 * What aliyun-sdk-oss 3.18.5 reports for an error answer without a body and without
	 * {@code x-oss-err} (a 5xx to a HEAD): code {@code Unknown}, message "No body in response, http
	 * status code N" ({@code ExceptionFactory.createUnknownOSSException}). The status is read from it.
	 */
	private static final Pattern BODILESS_STATUS = Pattern.compile("No body in response, http status code (\\d{3})");

	private static final Set<String> REGION = Set.of("RegionId.NotFound", "InvalidRegionId.NotFound",
			"InvalidRegion.NotSupport");

	private static final Set<String> QUOTA = Set.of("QuotaExceed.Image", "QuotaExceed.Snapshot");

	private static final Set<String> ACCOUNT = Set.of(NO_CREDENTIALS, "Forbbiden", "Forbidden", "Forbidden.RAM",
			"UserNotInTheWhiteList", "NoSetRoletoECSServiceAcount", "NoSetRoletoECSServiceAccount",
			"SignatureDoesNotMatch", "SDK.InvalidAccessKeySecret", "InvalidAccessKeyId.NotFound",
			"InvalidAccessKeyId.Inactive", "InvalidAccessKeyId", "InvalidSecurityToken.Expired",
			"InvalidSecurityToken.Malformed", "InvalidSecurityToken.MismatchWithAccessKey", "MissingSecurityToken",
			"SecurityTokenExpired", "SDK.InvalidProfile");

	private static final Set<String> CLOCK = Set.of("InvalidTimeStamp.Expired", "RequestTimeTooSkewed");

	/**
	 * Passing failures of the service. ECS/RAM: {@code ServiceUnavailable} (503), {@code InternalError}
	 * (500); OSS: {@code SlowDown} and {@code ServiceUnavailable} (503), {@code InternalError} (500),
	 * {@code InvalidResponse} (a body the OSS SDK could not parse: a gateway's HTML page).
	 */
	private static final Set<String> TRANSIENT = Set.of("ServiceUnavailable", "SlowDown", "InternalError",
			"InternalError.System", "UnknownError", "RequestTimeout", "SDK.ServerUnreachable.Refused", BAD_RESPONSE,
			"InvalidResponse");

	private static final String ROLE_FIX = "create the RAM role AliyunECSImageImportDefaultRole trusted by "
			+ "ecs.aliyuncs.com, and attach AliyunECSImageImportRolePolicy (or a custom policy allowing oss:GetObject, "
			+ "oss:GetBucketLocation and oss:GetBucketInfo on the disk files)";

	private static final String CLOCK_FIX = "the machine's clock is more than 15 minutes off the cloud's: synchronise "
			+ "it with NTP (e.g. chronyc makestep, or timedatectl set-ntp true; w32tm /resync on Windows), then run the "
			+ "same command again";

	private static final String STS_FIX = "the STS token is missing, malformed or expired: get a new one (or use an "
			+ "AccessKey or an ECS RAM role), then run the same command again";

	private static final String OSS_DENIED = "let the RAM user read the bucket (oss:GetObject, oss:GetBucketLocation, "
			+ "oss:GetBucketInfo); a bucket of another account cannot be imported from: copy the file into a bucket "
			+ "of this account in the image's region";

	private static final Map<String, String> HINTS = Map.ofEntries(
			Map.entry(NO_CREDENTIALS, "give an AccessKey: ALIBABA_CLOUD_ACCESS_KEY_ID and "
					+ "ALIBABA_CLOUD_ACCESS_KEY_SECRET, ~/.aliyun/config.json, or an ECS RAM role; or rehearse on "
					+ "the sandbox with --sandbox SCENARIO"),
			Map.entry("QuotaExceed.Image", "raise the region's custom image quota (Quota Center), or delete unused "
					+ "images, then run the same command again: deferred images go on"),
			Map.entry("QuotaExceed.Snapshot", "raise the region's snapshot quota (Quota Center), or delete unused "
					+ "snapshots, then run the same command again"),
			Map.entry("NoSetRoletoECSServiceAcount", ROLE_FIX),
			Map.entry("NoSetRoletoECSServiceAccount", ROLE_FIX),
			Map.entry("Forbbiden", "the account may not import images: ask Alibaba Cloud (ticket) to enable it"),
			Map.entry("UserNotInTheWhiteList", "the account is not on the allow list of ImportImage: ask Alibaba Cloud "
					+ "(ticket) to enable image import for it, then run the same command again"),
			Map.entry("Forbidden.RAM", "the RAM user lacks a permission the call needs (ecs:ImportImage, "
					+ "ecs:DescribeImages, ecs:DescribeRegions, ...): grant it, then run the same command again"),
			Map.entry("SignatureDoesNotMatch", "check the AccessKey secret"),
			Map.entry("SDK.InvalidAccessKeySecret", "check the AccessKey secret"),
			Map.entry("InvalidAccessKeyId.NotFound", "check the AccessKey id (ALIBABA_CLOUD_ACCESS_KEY_ID)"),
			Map.entry("InvalidAccessKeyId", "check the AccessKey id (ALIBABA_CLOUD_ACCESS_KEY_ID)"),
			Map.entry("InvalidAccessKeyId.Inactive", "the AccessKey is disabled: enable it in the RAM console, or "
					+ "use another"),
			Map.entry("InvalidSecurityToken.Expired", STS_FIX),
			Map.entry("InvalidSecurityToken.Malformed", STS_FIX),
			Map.entry("InvalidSecurityToken.MismatchWithAccessKey", STS_FIX),
			Map.entry("MissingSecurityToken", STS_FIX),
			Map.entry("SecurityTokenExpired", STS_FIX),
			Map.entry("InvalidTimeStamp.Expired", CLOCK_FIX),
			Map.entry("RequestTimeTooSkewed", CLOCK_FIX),
			Map.entry("RegionId.NotFound", "use a region id that DescribeRegions lists"),
			Map.entry("InvalidRegionId.NotFound", "use a region id that DescribeRegions lists"),
			Map.entry("InvalidRegion.NotSupport", "this region cannot import images now: choose another region"),
			Map.entry("InvalidImageName.Duplicated", "an image of this name exists in the region: rename it, or "
					+ "delete the old image"),
			Map.entry("ImageIsImporting", "an image of this name is being imported: wait for it to end"),
			Map.entry("InvalidImageSize", "set disk_size_gib at least to the disk's virtual size"),
			Map.entry("InvalidOSSBucket.NotFound", "the bucket must exist in the image's region"),
			Map.entry("InvalidOSSObject.NotFound", "upload the disk file, or fix oss_object"),
			Map.entry("NoSuchKey", "upload the disk file, or fix oss_object"),
			Map.entry("NoSuchBucket", "fix oss_bucket: no such bucket"),
			Map.entry("InvalidBucketName", "fix oss_bucket: not a valid bucket name (3-63 lower-case letters, digits "
					+ "and hyphens)"),
			Map.entry("InvalidObjectState", "the object is in an archive storage class (Archive, Cold Archive): "
					+ "restore it, or copy it to the Standard class, then run the same command again"),
			Map.entry("AccessDenied", OSS_DENIED),
			Map.entry("AccessForbidden", OSS_DENIED),
			Map.entry("PermanentRedirect", "the bucket is in another region: copy the file to a bucket of the "
					+ "image's region, or import the image into the bucket's region"),
			Map.entry("NoPermission", "the RAM user may not call this RAM action: grant ram:GetRole and "
					+ "ram:ListPoliciesForRole to let the migrator check the import role (the run goes on without)"),
			Map.entry(BAD_RESPONSE, "a gateway answered instead of the service (an HTML error page): it is retried; "
					+ "if it persists, check the endpoint settings and any proxy"));

	private ErrorClassifier() {
	}

	/** As a read (a call that changes nothing) would see the failure. */
	public static CloudFailure classify(Throwable failure) {
		return classify(failure, true);
	}

	/**
	 * @param idempotent the call changes nothing: for a call that does (ImportImage), an answer that
	 * says the service failed while handling it (any 5xx, JSON or not, and a gateway's page) leaves
	 * its outcome unknown, so it is {@link ErrorClass#AMBIGUOUS}, not retried blindly; only a refusal
	 * ({@code Throttling*}, a connection refused) is safe to send again as it is
	 */
	public static CloudFailure classify(Throwable failure, boolean idempotent) {
		CloudFailure classified = classifyRead(failure);
		if (!idempotent && classified.errorClass() == ErrorClass.TRANSIENT && !refused(classified)) {
			return new CloudFailure(ErrorClass.AMBIGUOUS, classified.code(), classified.message(),
					classified.requestId(), classified.httpStatus(), "the service failed while handling the call, so "
							+ "whether it took effect is unknown: it is looked up before anything is sent again");
		}
		return classified;
	}

	/** The call was refused before the service acted on it: throttled, or no connection made. */
	private static boolean refused(CloudFailure failure) {
		return failure.code().startsWith("Throttling") || "SDK.ServerUnreachable.Refused".equals(failure.code())
				|| (failure.httpStatus() == null && !failure.code().equals(BAD_RESPONSE)
						&& !TRANSIENT.contains(failure.code()));
	}

	private static CloudFailure classifyRead(Throwable failure) {
		if (failure instanceof OSSException oss) {
			return ofOss(oss);
		}
		if (failure instanceof ClientException client) {
			return ofAcs(client);
		}
		if (failure instanceof com.aliyun.oss.ClientException transport) {
			return transport(transport, "OSS request failed");
		}
		if (failure instanceof IllegalArgumentException invalid) {
			// the OSS SDK checks bucket names and keys before sending: nothing was sent, and nothing will change
			String code = String.valueOf(invalid.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("bucket")
					? "InvalidBucketName" : "InvalidArgument";
			return new CloudFailure(ErrorClass.PERMANENT, code, String.valueOf(invalid.getMessage()), null, null,
					HINTS.getOrDefault(code, defaultHint(ErrorClass.PERMANENT)));
		}
		return new CloudFailure(ErrorClass.AMBIGUOUS, failure.getClass().getSimpleName(),
				String.valueOf(failure.getMessage()), null, null, "run the same command again");
	}

	private static CloudFailure ofAcs(ClientException ex) {
		String text = String.valueOf(ex.getMessage());
		if (ex.getErrCode() == null && text.contains("Unable to load credentials")) {
			// the chain's message lists where it looked, which is noise; no secret is in it
			return new CloudFailure(ErrorClass.ACCOUNT, NO_CREDENTIALS, "no AccessKey was found in the credentials chain",
					null, null, HINTS.get(NO_CREDENTIALS));
		}
		if (ex.getErrCode() == null && text.contains("bad format type")) {
			// a gateway's HTML 502/504: the service's answer, if any, never reached us
			return new CloudFailure(ErrorClass.TRANSIENT, BAD_RESPONSE,
					"the endpoint answered with a page that is not the API's (a gateway's HTML error): "
							+ abbreviate(text, 200),
					null, 502, HINTS.get(BAD_RESPONSE));
		}
		String code = (ex.getErrCode() != null) ? ex.getErrCode() : CLIENT_ERROR;
		if (code.equals("SDK.ServerUnreachable") || code.equals("SDK.ReadTimeout")) {
			return transport(ex, ex.getErrMsg());
		}
		Integer status = (ex instanceof ServerException) ? 500 : null;
		ErrorClass errorClass = classOf(code, ex instanceof ServerException);
		return new CloudFailure(errorClass, code, message(code, ex.getErrMsg()), ex.getRequestId(), status,
				HINTS.getOrDefault(code, defaultHint(errorClass)));
	}

	/** OSS: by code, and by HTTP status where the SDK has no code (a bodiless answer). */
	private static CloudFailure ofOss(OSSException ex) {
		String code = (ex.getErrorCode() != null) ? ex.getErrorCode() : "InvalidResponse";
		Integer status = ossStatus(code, ex.getErrorMessage());
		ErrorClass errorClass = classOf(code, status != null && status >= 500);
		String message = message(code, ex.getErrorMessage());
		if (code.equals("Unknown") && status != null) {
			message = "OSS answered HTTP " + status + " without a body (no error code)";
		}
		return new CloudFailure(errorClass, code, message, ex.getRequestId(), status,
				HINTS.getOrDefault(code, defaultHint(errorClass)));
	}

	private static Integer ossStatus(String code, String message) {
		if (message != null) {
			Matcher bodiless = BODILESS_STATUS.matcher(message);
			if (bodiless.find()) {
				return Integer.valueOf(bodiless.group(1));
			}
		}
		return switch (code) {
			case "NoSuchKey", "NoSuchBucket" -> 404;
			case "AccessDenied", "AccessForbidden", "InvalidObjectState", "RequestTimeTooSkewed" -> 403;
			case "InvalidBucketName" -> 400;
			case "SlowDown", "ServiceUnavailable" -> 503;
			case "InternalError" -> 500;
			default -> null;
		};
	}

	private static String abbreviate(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max) + "…";
	}

	/**
	 * A call that got no answer: refused or unresolvable, nothing was sent, so retrying is safe; a
	 * timeout or reset after sending leaves the call's effect unknown.
	 */
	private static CloudFailure transport(Throwable ex, String message) {
		boolean notSent = cause(ex, ConnectException.class) || cause(ex, UnknownHostException.class)
				|| (cause(ex, SocketTimeoutException.class) && String.valueOf(rootMessage(ex)).contains("connect"));
		String code = (ex instanceof ClientException client) ? client.getErrCode() : "OSS.ClientError";
		return new CloudFailure(notSent ? ErrorClass.TRANSIENT : ErrorClass.AMBIGUOUS, code,
				(message != null) ? message : String.valueOf(rootMessage(ex)), null, null,
				notSent ? "the endpoint did not answer: check the network and the endpoint settings"
						: "no answer came: whether the call took effect is checked before anything is sent again");
	}

	/** The operator's hint for an error code of the APIs. */
	public static String hint(String code) {
		return HINTS.getOrDefault(code, defaultHint(classOf(code, false)));
	}

	/** The class of an API error code, as a read meets it (the README's classification table). */
	static ErrorClass classOf(String code) {
		return classOf(code, false);
	}

	static ErrorClass classOf(String code, boolean serverError) {
		if (code.startsWith("Throttling") || TRANSIENT.contains(code) || serverError) {
			return ErrorClass.TRANSIENT;
		}
		if (CLOCK.contains(code)) {
			return ErrorClass.CLOCK;
		}
		if (ACCOUNT.contains(code)) {
			return ErrorClass.ACCOUNT;
		}
		if (QUOTA.contains(code)) {
			return ErrorClass.QUOTA;
		}
		if (REGION.contains(code)) {
			return ErrorClass.REGION;
		}
		return ErrorClass.PERMANENT;
	}

	/** Signature errors quote the string to sign; it holds no secret, but it is noise to an operator. */
	private static String message(String code, String message) {
		if (code.equals("SignatureDoesNotMatch") || code.equals("SDK.InvalidAccessKeySecret")) {
			return "the request signature does not match: the AccessKey secret is wrong";
		}
		return (message != null) ? message : code;
	}

	private static String defaultHint(ErrorClass errorClass) {
		return switch (errorClass) {
			case TRANSIENT -> "a passing failure of the service: it is retried";
			case AMBIGUOUS -> "no answer came: whether the call took effect is checked before anything is sent again";
			case ACCOUNT -> "fix the account or credentials, then run the same command again";
			case CLOCK -> CLOCK_FIX;
			case QUOTA -> "raise the quota, then run the same command again";
			case REGION -> "choose another region for these images";
			case PERMANENT -> "fix the inventory line, then run the same command again";
		};
	}

	private static boolean cause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage();
	}

}
