package io.ecsmigrator.inventory;

/**
 * The codes offline validation reports. Where the ImportImage API has a code for the same mistake,
 * this is that code, so an operator reads one vocabulary offline and online; {@code Inventory.*}
 * codes exist only where the API has none.
 */
public final class ErrorCodes {

	public static final String MISSING_PARAMETER = "MissingParameter";

	public static final String IMAGE_NAME_MALFORMED = "InvalidImageName.Malformed";

	public static final String IMAGE_NAME_DUPLICATED = "InvalidImageName.Duplicated";

	public static final String DESCRIPTION_MALFORMED = "InvalidDescription.Malformed";

	public static final String ARCHITECTURE_MALFORMED = "InvalidArchitecture.Malformed";

	public static final String OS_TYPE_MALFORMED = "InvalidOSType.Malformed";

	public static final String PLATFORM_MALFORMED = "InvalidPlatform.Malformed";

	public static final String FORMAT_MALFORMED = "InvalidFormat.Malformed";

	public static final String IMAGE_SIZE = "InvalidImageSize";

	public static final String REGION_NOT_FOUND = "RegionId.NotFound";

	public static final String TAG_KEY_MALFORMED = "InvalidTagKey.Malformed";

	public static final String TAG_VALUE_MALFORMED = "InvalidTagValue.Malformed";

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

	public static final String ARM64_NEEDS_UEFI = "Inventory.Arm64RequiresUefi";

	public static final String FIELD_COUNT = "Inventory.FieldCount";

	public static final String VALUE_TOO_LONG = "Inventory.ValueTooLong";

	public static final String UNREADABLE_LINE = "Inventory.UnreadableLine";

	private ErrorCodes() {
	}

}
