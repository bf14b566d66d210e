package io.ecsmigrator.catalogue;

import java.util.Set;
import java.util.TreeSet;

/**
 * Keys of the texts in {@code messages.properties} that are no error code's hint: the warnings that
 * let a run go on, and what a disk file's header says is wrong with it. Read them through
 * {@link ErrorCatalogue#hint(String, Object...)} like any hint; {@code ErrorCatalogueTests} checks
 * that each has its text.
 */
public final class TextKeys {

	/** Quota Center could not be read; {0} is why. */
	public static final String QUOTA_CENTER_UNREADABLE = "Warning.QuotaCenterUnreadable";

	/** The import role could not be verified; {0} role, {1} why, {2} the failure, {3} the RAM actions, {4} ECS's code. */
	public static final String IMPORT_ROLE_UNVERIFIED = "Warning.ImportRoleUnverified";

	/** Why: the RAM calls were denied; {0} the RAM actions. */
	public static final String IMPORT_ROLE_DENIED = IMPORT_ROLE_UNVERIFIED + "/denied";

	/** Why: RAM did not answer. */
	public static final String IMPORT_ROLE_NO_ANSWER = IMPORT_ROLE_UNVERIFIED + "/no-answer";

	/** What a disk header's problem key adds for its fix. */
	public static final String FIX = "/fix";

	public static final String DISK_BACKING_FILE = "DiskHeader.BackingFile";

	public static final String DISK_ENCRYPTED = "DiskHeader.Encrypted";

	public static final String DISK_VMDK = "DiskHeader.Vmdk";

	public static final String DISK_VMDK_DESCRIPTOR = "DiskHeader.VmdkDescriptor";

	public static final String DISK_VHDX = "DiskHeader.Vhdx";

	public static final String DISK_ISO = "DiskHeader.Iso";

	public static final String DISK_DIFFERENCING_VHD = "DiskHeader.DifferencingVhd";

	/** {0} is the header's detail, e.g. {@code type 7}. */
	public static final String DISK_UNKNOWN_VHD_TYPE = "DiskHeader.UnknownVhdType";

	public static final String DISK_EMPTY = "DiskHeader.Empty";

	/** The disk header's problems: each has its text and, under {@code <key>/fix}, the operator's fix. */
	public static final Set<String> DISK_HEADER = Set.of(DISK_BACKING_FILE, DISK_ENCRYPTED, DISK_VMDK,
			DISK_VMDK_DESCRIPTOR, DISK_VHDX, DISK_ISO, DISK_DIFFERENCING_VHD, DISK_UNKNOWN_VHD_TYPE, DISK_EMPTY);

	/** Every key of a text that is no code's hint. */
	public static final Set<String> ALL;

	static {
		Set<String> all = new TreeSet<>(Set.of(QUOTA_CENTER_UNREADABLE, IMPORT_ROLE_UNVERIFIED, IMPORT_ROLE_DENIED,
				IMPORT_ROLE_NO_ANSWER));
		DISK_HEADER.forEach(key -> {
			all.add(key);
			all.add(key + FIX);
		});
		ALL = java.util.Collections.unmodifiableSet(all);
	}

	private TextKeys() {
	}

}
