package io.ecsmigrator.inventory;

import java.util.Set;

import io.ecsmigrator.cloud.CloudErrorCodes;

/**
 * The codes offline validation reports. Where the ImportImage API has a code for the same mistake,
 * this is that code, so an operator reads one vocabulary offline and online; {@code Inventory.*}
 * codes exist only where the API has none. The API's codes are {@link CloudErrorCodes}' own, named
 * again here, so that each code is spelled once; the operator's hint of each is in the catalogue
 * ({@code catalogue.ErrorCatalogue}, text in {@code messages.properties}).
 */
public final class ErrorCodes {

	public static final String MISSING_PARAMETER = CloudErrorCodes.MISSING_PARAMETER;

	public static final String IMAGE_NAME_MALFORMED = CloudErrorCodes.IMAGE_NAME_MALFORMED;

	public static final String IMAGE_NAME_DUPLICATED = CloudErrorCodes.IMAGE_NAME_DUPLICATED;

	public static final String DESCRIPTION_MALFORMED = CloudErrorCodes.DESCRIPTION_MALFORMED;

	public static final String ARCHITECTURE_MALFORMED = CloudErrorCodes.ARCHITECTURE_MALFORMED;

	public static final String OS_TYPE_MALFORMED = CloudErrorCodes.OS_TYPE_MALFORMED;

	public static final String PLATFORM_MALFORMED = CloudErrorCodes.PLATFORM_MALFORMED;

	public static final String FORMAT_MALFORMED = CloudErrorCodes.FORMAT_MALFORMED;

	public static final String IMAGE_SIZE = CloudErrorCodes.IMAGE_SIZE;

	public static final String REGION_NOT_FOUND = CloudErrorCodes.REGION_NOT_FOUND;

	public static final String TAG_KEY_MALFORMED = CloudErrorCodes.TAG_KEY_MALFORMED;

	public static final String TAG_VALUE_MALFORMED = CloudErrorCodes.TAG_VALUE_MALFORMED;

	public static final String TOO_MANY_TAGS = "Inventory.TooManyTags";

	public static final String DUPLICATE_TAG_KEY = "Inventory.DuplicateTagKey";

	public static final String DISK_INDEX = "Inventory.InvalidDiskIndex";

	public static final String DUPLICATE_DISK_INDEX = "Inventory.DuplicateDiskIndex";

	public static final String MISSING_SYSTEM_DISK = "Inventory.MissingSystemDisk";

	public static final String TOO_MANY_DISKS = "Inventory.TooManyDisks";

	public static final String INCONSISTENT_IMAGE = "Inventory.InconsistentImageFields";

	public static final String OSS_BUCKET = "Inventory.InvalidOSSBucket";

	public static final String OSS_OBJECT = "Inventory.InvalidOSSObject";

	public static final String BOOT_MODE = "Inventory.InvalidBootMode";

	public static final String LICENSE_TYPE = "Inventory.InvalidLicenseType";

	/** A {@code role_name} that RAM would not take as a role's name (ImportImage has no code for it). */
	public static final String ROLE_NAME = "Inventory.InvalidRoleName";

	/** A {@code resource_group_id} that is no resource group id (ImportImage has no code for it). */
	public static final String RESOURCE_GROUP_ID = "Inventory.InvalidResourceGroupId";

	public static final String ARM64_NEEDS_UEFI = "Inventory.Arm64RequiresUefi";

	public static final String FIELD_COUNT = "Inventory.FieldCount";

	public static final String VALUE_TOO_LONG = "Inventory.ValueTooLong";

	public static final String UNREADABLE_LINE = "Inventory.UnreadableLine";

	/** Every code above, in code order. */
	public static final Set<String> ALL = CloudErrorCodes.constants(ErrorCodes.class);

	private ErrorCodes() {
	}

}
