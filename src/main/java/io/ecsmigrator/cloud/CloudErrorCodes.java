package io.ecsmigrator.cloud;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every error code of the cloud's APIs (ECS, RAM, OSS) and of their SDKs that the migrator knows,
 * and the few it gives failures of its own. The class of each code is {@link ErrorClassifier}'s;
 * its operator hint is in the catalogue ({@code catalogue.ErrorCatalogue}, text in
 * {@code messages.properties}), keyed by the code.
 */
public final class CloudErrorCodes {

	// ECS: the ImportImage contract
	public static final String MISSING_PARAMETER = "MissingParameter";

	public static final String IMAGE_NAME_MALFORMED = "InvalidImageName.Malformed";

	public static final String IMAGE_NAME_DUPLICATED = "InvalidImageName.Duplicated";

	public static final String IMAGE_IS_IMPORTING = "ImageIsImporting";

	public static final String DESCRIPTION_MALFORMED = "InvalidDescription.Malformed";

	public static final String ARCHITECTURE_MALFORMED = "InvalidArchitecture.Malformed";

	public static final String OS_TYPE_MALFORMED = "InvalidOSType.Malformed";

	public static final String PLATFORM_MALFORMED = "InvalidPlatform.Malformed";

	public static final String FORMAT_MALFORMED = "InvalidFormat.Malformed";

	public static final String IMAGE_SIZE = "InvalidImageSize";

	public static final String TAG_KEY_MALFORMED = "InvalidTagKey.Malformed";

	public static final String TAG_VALUE_MALFORMED = "InvalidTagValue.Malformed";

	public static final String OSS_BUCKET_NOT_FOUND = "InvalidOSSBucket.NotFound";

	public static final String OSS_OBJECT_NOT_FOUND = "InvalidOSSObject.NotFound";

	/**
	 * ImportImage's ResourceGroupId names no resource group of the account: 404, "The ResourceGroup
	 * provided does not exist in our records." (the ECS API references' error tables).
	 */
	public static final String RESOURCE_GROUP_NOT_FOUND = "InvalidResourceGroup.NotFound";

	// ECS: the region
	public static final String REGION_NOT_FOUND = "RegionId.NotFound";

	public static final String REGION_NOT_SUPPORTED = "InvalidRegion.NotSupport";

	/** The region id is unknown, as CancelTask spells it (docs/cloud-reference.md §1). */
	public static final String INVALID_REGION_ID_NOT_FOUND = "InvalidRegionId.NotFound";

	// ECS: quotas
	public static final String QUOTA_IMAGE = "QuotaExceed.Image";

	public static final String QUOTA_SNAPSHOT = "QuotaExceed.Snapshot";

	// ECS and the SDKs: the account and its credentials
	/** The SDK found no credentials: it has no code of its own for it. */
	public static final String NO_CREDENTIALS = "SDK.NoCredentials";

	/** ECS spells it so. */
	public static final String FORBBIDEN = "Forbbiden";

	public static final String FORBIDDEN = "Forbidden";

	public static final String FORBIDDEN_RAM = "Forbidden.RAM";

	/** The account may not call ImportImage at all. */
	public static final String USER_NOT_IN_WHITE_LIST = "UserNotInTheWhiteList";

	/** ECS spells it so: the import role is missing. */
	public static final String NO_IMPORT_ROLE = "NoSetRoletoECSServiceAcount";

	/** The import role is missing, as some ECS answers spell it. */
	public static final String NO_IMPORT_ROLE_ACCOUNT = "NoSetRoletoECSServiceAccount";

	/**
	 * The hint key for a missing role named by {@code RoleName} (the inventory's {@code role_name} or
	 * {@code migrator.import.role-name}) rather than the default one: preflight's role check and
	 * submit's ImportImage refusal both give it.
	 */
	public static final String NO_IMPORT_ROLE_CUSTOM_HINT = NO_IMPORT_ROLE_ACCOUNT + "/custom-role";

	public static final String SIGNATURE_DOES_NOT_MATCH = "SignatureDoesNotMatch";

	public static final String INVALID_ACCESS_KEY_SECRET = "SDK.InvalidAccessKeySecret";

	public static final String ACCESS_KEY_NOT_FOUND = "InvalidAccessKeyId.NotFound";

	public static final String ACCESS_KEY_INACTIVE = "InvalidAccessKeyId.Inactive";

	public static final String INVALID_ACCESS_KEY_ID = "InvalidAccessKeyId";

	public static final String SECURITY_TOKEN_EXPIRED = "InvalidSecurityToken.Expired";

	public static final String SECURITY_TOKEN_MALFORMED = "InvalidSecurityToken.Malformed";

	public static final String SECURITY_TOKEN_MISMATCH = "InvalidSecurityToken.MismatchWithAccessKey";

	public static final String MISSING_SECURITY_TOKEN = "MissingSecurityToken";

	/** OSS's spelling of an expired STS token. */
	public static final String OSS_SECURITY_TOKEN_EXPIRED = "SecurityTokenExpired";

	public static final String INVALID_PROFILE = "SDK.InvalidProfile";

	// the machine's clock: signed requests are refused
	/** ECS and RAM: the request's timestamp is too far from the cloud's clock. */
	public static final String TIMESTAMP_EXPIRED = "InvalidTimeStamp.Expired";

	/** OSS: the request's date is too far from the cloud's clock. */
	public static final String REQUEST_TIME_TOO_SKEWED = "RequestTimeTooSkewed";

	// passing failures of the services (and every Throttling* code)
	public static final String THROTTLING_PREFIX = "Throttling";

	public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";

	/** OSS's 503. */
	public static final String SLOW_DOWN = "SlowDown";

	public static final String INTERNAL_ERROR = "InternalError";

	public static final String INTERNAL_ERROR_SYSTEM = "InternalError.System";

	public static final String UNKNOWN_ERROR = "UnknownError";

	public static final String REQUEST_TIMEOUT = "RequestTimeout";

	public static final String SERVER_UNREACHABLE_REFUSED = "SDK.ServerUnreachable.Refused";

	// the SDKs' transport failures: their hint depends on whether the request was sent
	public static final String SERVER_UNREACHABLE = "SDK.ServerUnreachable";

	public static final String READ_TIMEOUT = "SDK.ReadTimeout";

	public static final String OSS_CLIENT_ERROR = "OSS.ClientError";

	/**
	 * A body the ECS/RAM SDK could not read: a gateway's HTML 502/504 in front of the service.
	 * aliyun-java-sdk-core 4.7.10 has no code for it (no {@code SDK.UnknownServerError}): it throws a
	 * {@code ClientException} with a {@code null} code and the message "Server response has a bad
	 * format type: RAW; …" (docs/cloud-reference.md §6), so the migrator names it.
	 */
	public static final String BAD_RESPONSE = "SDK.BadResponseFormat";

	/** The migrator's name for any other {@code ClientException} of the ECS/RAM SDK without a code. */
	public static final String CLIENT_ERROR = "SDK.ClientError";

	/** An OSS answer whose body the OSS SDK could not parse (a gateway's HTML page). */
	public static final String INVALID_RESPONSE = "InvalidResponse";

	/**
	 * The OSS SDK's code for an error answer without a body and without {@code x-oss-err} (a 5xx to a
	 * HEAD); its class is its HTTP status's.
	 */
	public static final String OSS_UNKNOWN = "Unknown";

	/** The migrator's name for an argument the OSS SDK refused before sending (not a bucket name). */
	public static final String INVALID_ARGUMENT = "InvalidArgument";

	// OSS
	public static final String NO_SUCH_BUCKET = "NoSuchBucket";

	public static final String NO_SUCH_KEY = "NoSuchKey";

	public static final String ACCESS_DENIED = "AccessDenied";

	public static final String ACCESS_FORBIDDEN = "AccessForbidden";

	/** Also the OSS SDK's check of a bucket name, before sending. */
	public static final String INVALID_BUCKET_NAME = "InvalidBucketName";

	/** An object in an archive storage class, not restored. */
	public static final String INVALID_OBJECT_STATE = "InvalidObjectState";

	/** The bucket is in another region: the request must go to the endpoint the answer names. */
	public static final String PERMANENT_REDIRECT = "PermanentRedirect";

	// RAM
	public static final String ROLE_NOT_FOUND = "EntityNotExist.Role";

	/** RAM's denial of one of its own actions (the import-role check's GetRole, ListPoliciesForRole). */
	public static final String NO_PERMISSION = "NoPermission";

	// ECS: following and cancelling imports
	public static final String IMAGE_ID_NOT_FOUND = "InvalidImageId.NotFound";

	/** The migrator's code for an import that ECS ended {@code CreateFailed}. */
	public static final String IMAGE_CREATE_FAILED = "Image.CreateFailed";

	/** The migrator's code for an import that ECS ended {@code UnAvailable}. */
	public static final String IMAGE_UNAVAILABLE = "Image.UnAvailable";

	/**
	 * CancelTask's answer (403) for a task that is no longer running: there is no bare
	 * {@code IncorrectTaskStatus} (docs/cloud-reference.md §1).
	 */
	public static final String TASK_INCORRECT_STATUS = "InvalidTaskId.IncorrectTaskStatus";

	/** DescribeTaskAttribute's and CancelTask's answer (400) for a task ECS does not know. */
	public static final String TASK_NOT_FOUND = "InvalidTaskId.NotFound";

	/** The migrator's code for an import cancelled by the operator. */
	public static final String CANCELLED = "Cancelled";

	/** The migrator's code for a call not made because the run was stopped. */
	public static final String INTERRUPTED = "Interrupted";

	/** Every code above (not the {@link #THROTTLING_PREFIX} nor the hint key), in code order. */
	public static final Set<String> ALL = constants(CloudErrorCodes.class, THROTTLING_PREFIX,
			NO_IMPORT_ROLE_CUSTOM_HINT);

	private CloudErrorCodes() {
	}

	/** The values of a class's {@code public static final String} constants, but those excepted. */
	public static Set<String> constants(Class<?> type, String... except) {
		Set<String> codes = new TreeSet<>();
		for (Field field : type.getFields()) {
			if (field.getType() == String.class && Modifier.isStatic(field.getModifiers())
					&& Modifier.isFinal(field.getModifiers())) {
				try {
					codes.add((String) field.get(null));
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		codes.removeAll(Arrays.asList(except));
		return java.util.Collections.unmodifiableSet(codes);
	}

}
