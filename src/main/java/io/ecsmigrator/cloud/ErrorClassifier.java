package io.ecsmigrator.cloud;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;

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

	private static final Set<String> REGION = Set.of(REGION_NOT_FOUND, REGION_NOT_SUPPORTED);

	private static final Set<String> QUOTA = Set.of(QUOTA_IMAGE, QUOTA_SNAPSHOT);

	private static final Set<String> ACCOUNT = Set.of(NO_CREDENTIALS, FORBBIDEN, FORBIDDEN, FORBIDDEN_RAM, NO_IMPORT_ROLE,
			SIGNATURE_DOES_NOT_MATCH, INVALID_ACCESS_KEY_SECRET, ACCESS_KEY_NOT_FOUND, ACCESS_KEY_INACTIVE,
			INVALID_ACCESS_KEY_ID, SECURITY_TOKEN_EXPIRED, SECURITY_TOKEN_MISMATCH, INVALID_PROFILE);

	private static final Set<String> TRANSIENT = Set.of(SERVICE_UNAVAILABLE, INTERNAL_ERROR, INTERNAL_ERROR_SYSTEM,
			UNKNOWN_ERROR, REQUEST_TIMEOUT, SERVER_UNREACHABLE_REFUSED);

	/** The hint of a transport failure whose request was not sent: {@code <code>/not-sent}. */
	static final String NOT_SENT = "/not-sent";

	/** The hint of a failure that is no answer of the cloud's (an unexpected exception). */
	static final String UNEXPECTED = "/unexpected";

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
				String.valueOf(failure.getMessage()), null, null, defaultHintKey(ErrorClass.AMBIGUOUS) + UNEXPECTED);
	}

	private static CloudFailure ofAcs(ClientException ex) {
		if (ex.getErrCode() == null && String.valueOf(ex.getMessage()).contains("Unable to load credentials")) {
			// the chain's message lists where it looked, which is noise; no secret is in it
			return new CloudFailure(ErrorClass.ACCOUNT, NO_CREDENTIALS, "no AccessKey was found in the credentials chain",
					null, null, NO_CREDENTIALS);
		}
		String code = (ex.getErrCode() != null) ? ex.getErrCode() : UNKNOWN_SERVER_ERROR;
		if (code.equals(SERVER_UNREACHABLE) || code.equals(READ_TIMEOUT)) {
			return transport(ex, ex.getErrMsg());
		}
		Integer status = (ex instanceof ServerException) ? 500 : null;
		ErrorClass errorClass = classOf(code, ex instanceof ServerException);
		return new CloudFailure(errorClass, code, message(code, ex.getErrMsg()), ex.getRequestId(), status,
				hintKey(code, errorClass));
	}

	private static CloudFailure ofOss(OSSException ex) {
		String code = (ex.getErrorCode() != null) ? ex.getErrorCode() : INVALID_RESPONSE;
		ErrorClass errorClass = classOf(code, false);
		return new CloudFailure(errorClass, code, message(code, ex.getErrorMessage()), ex.getRequestId(), null,
				hintKey(code, errorClass));
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
				(message != null) ? message : String.valueOf(rootMessage(ex)), null, null,
				notSent ? code + NOT_SENT : code);
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

	static ErrorClass classOf(String code, boolean serverError) {
		if (code.startsWith(THROTTLING_PREFIX) || TRANSIENT.contains(code) || serverError) {
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
		if (code.equals(SIGNATURE_DOES_NOT_MATCH) || code.equals(INVALID_ACCESS_KEY_SECRET)) {
			return "the request signature does not match: the AccessKey secret is wrong";
		}
		return (message != null) ? message : code;
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
