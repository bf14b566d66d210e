package io.ecsmigrator.cloud;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.aliyun.oss.OSSException;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;

import static io.ecsmigrator.cloud.CloudErrorCodes.*;

/**
 * The one place that reads the errors of both SDKs and says what they mean for the run. Codes are
 * the APIs' own (ECS, RAM, OSS); the SDKs' transport failures are told apart by their cause, since
 * a refused connection is safe to retry and a lost answer is not. The class of every code is decided
 * here, in code; the operator's hint is the catalogue's, which this class names by key
 * ({@link #hintKey}) and never spells.
 */
public final class ErrorClassifier {

	/**
	 * What aliyun-sdk-oss 3.18.5 reports for an error answer without a body and without
	 * {@code x-oss-err} (a 5xx to a HEAD): code {@code Unknown}, message "No body in response, http
	 * status code N" ({@code ExceptionFactory.createUnknownOSSException}). The status is read from it.
	 */
	private static final Pattern BODILESS_STATUS = Pattern.compile("No body in response, http status code (\\d{3})");

	private static final Set<String> REGION = Set.of(REGION_NOT_FOUND, INVALID_REGION_ID_NOT_FOUND,
			REGION_NOT_SUPPORTED);

	private static final Set<String> QUOTA = Set.of(QUOTA_IMAGE, QUOTA_SNAPSHOT);

	private static final Set<String> ACCOUNT = Set.of(NO_CREDENTIALS, FORBBIDEN, FORBIDDEN, FORBIDDEN_RAM,
			USER_NOT_IN_WHITE_LIST, NO_IMPORT_ROLE, NO_IMPORT_ROLE_ACCOUNT, SIGNATURE_DOES_NOT_MATCH,
			INVALID_ACCESS_KEY_SECRET, ACCESS_KEY_NOT_FOUND, ACCESS_KEY_INACTIVE, INVALID_ACCESS_KEY_ID,
			SECURITY_TOKEN_EXPIRED, SECURITY_TOKEN_MALFORMED, SECURITY_TOKEN_MISMATCH, MISSING_SECURITY_TOKEN,
			OSS_SECURITY_TOKEN_EXPIRED, INVALID_PROFILE);

	private static final Set<String> CLOCK = Set.of(TIMESTAMP_EXPIRED, REQUEST_TIME_TOO_SKEWED);

	/**
	 * Passing failures of the service. ECS/RAM: {@code ServiceUnavailable} (503), {@code InternalError}
	 * (500); OSS: {@code SlowDown} and {@code ServiceUnavailable} (503), {@code InternalError} (500),
	 * {@code InvalidResponse} (a body the OSS SDK could not parse: a gateway's HTML page).
	 */
	private static final Set<String> TRANSIENT = Set.of(SERVICE_UNAVAILABLE, SLOW_DOWN, INTERNAL_ERROR,
			INTERNAL_ERROR_SYSTEM, UNKNOWN_ERROR, REQUEST_TIMEOUT, SERVER_UNREACHABLE_REFUSED, BAD_RESPONSE,
			INVALID_RESPONSE);

	/** The hint of a transport failure whose request was not sent: {@code <code>/not-sent}. */
	static final String NOT_SENT = "/not-sent";

	/** The hint of a failure that is no answer of the cloud's (an unexpected exception). */
	static final String UNEXPECTED = "/unexpected";

	/**
	 * The hint of a call that changes something (ImportImage) whose service failed while handling it:
	 * {@code ErrorClass.AMBIGUOUS/server-failed}.
	 */
	static final String SERVER_FAILED = "/server-failed";

	/** The hint of an OSS answer without a body whose status is a 5xx: {@code Unknown/5xx}. */
	static final String STATUS_5XX = "/5xx";

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
					classified.requestId(), classified.httpStatus(),
					defaultHintKey(ErrorClass.AMBIGUOUS) + SERVER_FAILED);
		}
		return classified;
	}

	/** The call was refused before the service acted on it: throttled, or no connection made. */
	private static boolean refused(CloudFailure failure) {
		return failure.code().startsWith(THROTTLING_PREFIX) || SERVER_UNREACHABLE_REFUSED.equals(failure.code())
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
					? INVALID_BUCKET_NAME : INVALID_ARGUMENT;
			return new CloudFailure(ErrorClass.PERMANENT, code, String.valueOf(invalid.getMessage()), null, null,
					hintKey(code, ErrorClass.PERMANENT));
		}
		return new CloudFailure(ErrorClass.AMBIGUOUS, failure.getClass().getSimpleName(),
				String.valueOf(failure.getMessage()), null, null, defaultHintKey(ErrorClass.AMBIGUOUS) + UNEXPECTED);
	}

	private static CloudFailure ofAcs(ClientException ex) {
		String text = String.valueOf(ex.getMessage());
		if (ex.getErrCode() == null && text.contains("Unable to load credentials")) {
			// the chain's message lists where it looked, which is noise; no secret is in it
			return new CloudFailure(ErrorClass.ACCOUNT, NO_CREDENTIALS, "no AccessKey was found in the credentials chain",
					null, null, NO_CREDENTIALS);
		}
		if (ex.getErrCode() == null && text.contains("bad format type")) {
			// a gateway's HTML 502/504: the service's answer, if any, never reached us
			return new CloudFailure(ErrorClass.TRANSIENT, BAD_RESPONSE,
					"the endpoint answered with a page that is not the API's (a gateway's HTML error): "
							+ abbreviate(text, 200),
					null, 502, BAD_RESPONSE);
		}
		String code = (ex.getErrCode() != null) ? ex.getErrCode() : CLIENT_ERROR;
		if (code.equals(SERVER_UNREACHABLE) || code.equals(READ_TIMEOUT)) {
			return transport(ex, ex.getErrMsg());
		}
		Integer status = (ex instanceof ServerException) ? 500 : null;
		ErrorClass errorClass = classOf(code, ex instanceof ServerException);
		return new CloudFailure(errorClass, code, message(code, ex.getErrMsg()), ex.getRequestId(), status,
				hintKey(code, errorClass));
	}

	/** OSS: by code, and by HTTP status where the SDK has no code (a bodiless answer). */
	private static CloudFailure ofOss(OSSException ex) {
		String code = (ex.getErrorCode() != null) ? ex.getErrorCode() : INVALID_RESPONSE;
		Integer status = ossStatus(code, ex.getErrorMessage());
		ErrorClass errorClass = classOf(code, status != null && status >= 500);
		String message = message(code, ex.getErrorMessage());
		String hintKey = hintKey(code, errorClass);
		if (code.equals(OSS_UNKNOWN) && status != null) {
			message = "OSS answered HTTP " + status + " without a body (no error code)";
		}
		if (code.equals(OSS_UNKNOWN) && errorClass == ErrorClass.TRANSIENT) {
			hintKey = code + STATUS_5XX;
		}
		return new CloudFailure(errorClass, code, message, ex.getRequestId(), status, hintKey);
	}

	private static Integer ossStatus(String code, String message) {
		if (message != null) {
			Matcher bodiless = BODILESS_STATUS.matcher(message);
			if (bodiless.find()) {
				return Integer.valueOf(bodiless.group(1));
			}
		}
		return switch (code) {
			case NO_SUCH_KEY, NO_SUCH_BUCKET -> 404;
			case ACCESS_DENIED, ACCESS_FORBIDDEN, INVALID_OBJECT_STATE, REQUEST_TIME_TOO_SKEWED -> 403;
			case INVALID_BUCKET_NAME -> 400;
			case SLOW_DOWN, SERVICE_UNAVAILABLE -> 503;
			case INTERNAL_ERROR -> 500;
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
		String code = (ex instanceof ClientException client) ? client.getErrCode() : OSS_CLIENT_ERROR;
		return new CloudFailure(notSent ? ErrorClass.TRANSIENT : ErrorClass.AMBIGUOUS, code,
				withoutQueries((message != null) ? message : String.valueOf(rootMessage(ex))), null, null,
				notSent ? code + NOT_SENT : code);
	}

	private static final java.util.regex.Pattern URL = java.util.regex.Pattern
		.compile("(https?://[^/\\s?#]+)[/?#][^\\s]*");

	/**
	 * The SDKs put the whole signed request URL in a transport failure's message (AccessKeyId,
	 * Signature, nonce): no secret, but nothing an operator's console or log needs. The scheme and
	 * host stay.
	 */
	static String withoutQueries(String message) {
		return URL.matcher(message).replaceAll("$1");
	}

	/**
	 * The catalogue key of the operator's hint for a code: the code itself when the migrator knows it
	 * ({@link CloudErrorCodes#ALL}), else the hint of its class.
	 */
	public static String hintKey(String code, ErrorClass errorClass) {
		return CloudErrorCodes.ALL.contains(code) ? code : defaultHintKey(errorClass);
	}

	/** The catalogue key of the hint for a code the migrator does not know: {@code ErrorClass.<CLASS>}. */
	public static String defaultHintKey(ErrorClass errorClass) {
		return ErrorClass.class.getSimpleName() + "." + errorClass.name();
	}

	/** The class of an API error code, as a read meets it (the README's classification table). */
	static ErrorClass classOf(String code) {
		return classOf(code, false);
	}

	static ErrorClass classOf(String code, boolean serverError) {
		if (code.startsWith(THROTTLING_PREFIX) || TRANSIENT.contains(code) || serverError) {
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
		if (code.equals(SIGNATURE_DOES_NOT_MATCH) || code.equals(INVALID_ACCESS_KEY_SECRET)) {
			return "the request signature does not match: the AccessKey secret is wrong";
		}
		return (message != null) ? message : code;
	}

	private static boolean cause(Throwable ex, Class<? extends Throwable> type) {
		return Causes.find(ex, type) != null;
	}

	private static String rootMessage(Throwable ex) {
		return Causes.root(ex).getMessage();
	}

}
