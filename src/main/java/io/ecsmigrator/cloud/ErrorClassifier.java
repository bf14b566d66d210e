package io.ecsmigrator.cloud;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;

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

	private static final Set<String> REGION = Set.of("RegionId.NotFound", "InvalidRegion.NotSupport");

	private static final Set<String> QUOTA = Set.of("QuotaExceed.Image", "QuotaExceed.Snapshot");

	private static final Set<String> ACCOUNT = Set.of(NO_CREDENTIALS, "Forbbiden", "Forbidden", "Forbidden.RAM",
			"NoSetRoletoECSServiceAcount", "SignatureDoesNotMatch", "SDK.InvalidAccessKeySecret",
			"InvalidAccessKeyId.NotFound", "InvalidAccessKeyId.Inactive", "InvalidAccessKeyId",
			"InvalidSecurityToken.Expired", "InvalidSecurityToken.MismatchWithAccessKey", "SDK.InvalidProfile");

	private static final Set<String> TRANSIENT = Set.of("ServiceUnavailable", "InternalError", "InternalError.System",
			"UnknownError", "RequestTimeout", "SDK.ServerUnreachable.Refused");

	private static final Map<String, String> HINTS = Map.ofEntries(
			Map.entry(NO_CREDENTIALS, "give an AccessKey: ALIBABA_CLOUD_ACCESS_KEY_ID and "
					+ "ALIBABA_CLOUD_ACCESS_KEY_SECRET, ~/.aliyun/config.json, or an ECS RAM role; or rehearse on "
					+ "the sandbox with --sandbox SCENARIO"),
			Map.entry("QuotaExceed.Image", "raise the region's custom image quota (Quota Center), or delete unused "
					+ "images, then run the same command again: deferred images go on"),
			Map.entry("QuotaExceed.Snapshot", "raise the region's snapshot quota (Quota Center), or delete unused "
					+ "snapshots, then run the same command again"),
			Map.entry("NoSetRoletoECSServiceAcount", "create the RAM role AliyunECSImageImportDefaultRole trusted by "
					+ "ecs.aliyuncs.com, and attach AliyunECSImageImportRolePolicy (or a policy allowing "
					+ "oss:GetObject and oss:GetBucketLocation)"),
			Map.entry("Forbbiden", "the account may not import images: ask Alibaba Cloud (ticket) to enable it"),
			Map.entry("SignatureDoesNotMatch", "check the AccessKey secret"),
			Map.entry("SDK.InvalidAccessKeySecret", "check the AccessKey secret"),
			Map.entry("InvalidAccessKeyId.NotFound", "check the AccessKey id (ALIBABA_CLOUD_ACCESS_KEY_ID)"),
			Map.entry("InvalidAccessKeyId", "check the AccessKey id (ALIBABA_CLOUD_ACCESS_KEY_ID)"),
			Map.entry("RegionId.NotFound", "use a region id that DescribeRegions lists"),
			Map.entry("InvalidRegion.NotSupport", "this region cannot import images now: choose another region"),
			Map.entry("InvalidImageName.Duplicated", "an image of this name exists in the region: rename it, or "
					+ "delete the old image"),
			Map.entry("ImageIsImporting", "an image of this name is being imported: wait for it to end"),
			Map.entry("InvalidImageSize", "set disk_size_gib at least to the disk's virtual size"),
			Map.entry("InvalidOSSBucket.NotFound", "the bucket must exist in the image's region"),
			Map.entry("InvalidOSSObject.NotFound", "upload the disk file, or fix oss_object"),
			Map.entry("NoSuchKey", "upload the disk file, or fix oss_object"),
			Map.entry("NoSuchBucket", "fix oss_bucket: no such bucket"),
			Map.entry("AccessDenied", "let the RAM user read the bucket (oss:GetObject, oss:GetBucketLocation)"));

	private ErrorClassifier() {
	}

	public static CloudFailure classify(Throwable failure) {
		if (failure instanceof OSSException oss) {
			return ofOss(oss);
		}
		if (failure instanceof ClientException client) {
			return ofAcs(client);
		}
		if (failure instanceof com.aliyun.oss.ClientException transport) {
			return transport(transport, "OSS request failed");
		}
		return new CloudFailure(ErrorClass.AMBIGUOUS, failure.getClass().getSimpleName(),
				String.valueOf(failure.getMessage()), null, null, "run the same command again");
	}

	private static CloudFailure ofAcs(ClientException ex) {
		if (ex.getErrCode() == null && String.valueOf(ex.getMessage()).contains("Unable to load credentials")) {
			// the chain's message lists where it looked, which is noise; no secret is in it
			return new CloudFailure(ErrorClass.ACCOUNT, NO_CREDENTIALS, "no AccessKey was found in the credentials chain",
					null, null, HINTS.get(NO_CREDENTIALS));
		}
		String code = (ex.getErrCode() != null) ? ex.getErrCode() : "SDK.UnknownServerError";
		if (code.equals("SDK.ServerUnreachable") || code.equals("SDK.ReadTimeout")) {
			return transport(ex, ex.getErrMsg());
		}
		Integer status = (ex instanceof ServerException) ? 500 : null;
		ErrorClass errorClass = classOf(code, ex instanceof ServerException);
		return new CloudFailure(errorClass, code, message(code, ex.getErrMsg()), ex.getRequestId(), status,
				HINTS.getOrDefault(code, defaultHint(errorClass)));
	}

	private static CloudFailure ofOss(OSSException ex) {
		String code = (ex.getErrorCode() != null) ? ex.getErrorCode() : "InvalidResponse";
		ErrorClass errorClass = classOf(code, false);
		return new CloudFailure(errorClass, code, message(code, ex.getErrorMessage()), ex.getRequestId(), null,
				HINTS.getOrDefault(code, defaultHint(errorClass)));
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

	static ErrorClass classOf(String code, boolean serverError) {
		if (code.startsWith("Throttling") || TRANSIENT.contains(code) || serverError) {
			return ErrorClass.TRANSIENT;
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
