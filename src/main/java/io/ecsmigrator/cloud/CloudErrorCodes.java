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

	// ECS: the region
	public static final String REGION_NOT_FOUND = "RegionId.NotFound";

	public static final String REGION_NOT_SUPPORTED = "InvalidRegion.NotSupport";

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

	/** ECS spells it so: the import role is missing. */
	public static final String NO_IMPORT_ROLE = "NoSetRoletoECSServiceAcount";

	public static final String SIGNATURE_DOES_NOT_MATCH = "SignatureDoesNotMatch";

	public static final String INVALID_ACCESS_KEY_SECRET = "SDK.InvalidAccessKeySecret";

	public static final String ACCESS_KEY_NOT_FOUND = "InvalidAccessKeyId.NotFound";

	public static final String ACCESS_KEY_INACTIVE = "InvalidAccessKeyId.Inactive";

	public static final String INVALID_ACCESS_KEY_ID = "InvalidAccessKeyId";

	public static final String SECURITY_TOKEN_EXPIRED = "InvalidSecurityToken.Expired";

	public static final String SECURITY_TOKEN_MISMATCH = "InvalidSecurityToken.MismatchWithAccessKey";

	public static final String INVALID_PROFILE = "SDK.InvalidProfile";

	// passing failures of the services (and every Throttling* code)
	public static final String THROTTLING_PREFIX = "Throttling";

	public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";

	public static final String INTERNAL_ERROR = "InternalError";

	public static final String INTERNAL_ERROR_SYSTEM = "InternalError.System";

	public static final String UNKNOWN_ERROR = "UnknownError";

	public static final String REQUEST_TIMEOUT = "RequestTimeout";

	public static final String SERVER_UNREACHABLE_REFUSED = "SDK.ServerUnreachable.Refused";

	// the SDKs' transport failures: their hint depends on whether the request was sent
	public static final String SERVER_UNREACHABLE = "SDK.ServerUnreachable";

	public static final String READ_TIMEOUT = "SDK.ReadTimeout";

	public static final String OSS_CLIENT_ERROR = "OSS.ClientError";

	/** An ECS/RAM answer without an error code (a gateway's HTML page). */
	public static final String UNKNOWN_SERVER_ERROR = "SDK.UnknownServerError";

	/** An OSS answer without an error code. */
	public static final String INVALID_RESPONSE = "InvalidResponse";

	// OSS
	public static final String NO_SUCH_BUCKET = "NoSuchBucket";

	public static final String NO_SUCH_KEY = "NoSuchKey";

	public static final String ACCESS_DENIED = "AccessDenied";

	// RAM
	public static final String ROLE_NOT_FOUND = "EntityNotExist.Role";

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

	/** Every code above (not the {@link #THROTTLING_PREFIX}), in code order. */
	public static final Set<String> ALL = constants(CloudErrorCodes.class, THROTTLING_PREFIX);

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
