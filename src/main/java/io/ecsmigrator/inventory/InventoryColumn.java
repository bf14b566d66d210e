package io.ecsmigrator.inventory;

import java.util.Locale;
import java.util.Optional;

/**
 * The columns of an inventory CSV, one row per disk. Header names are matched without regard to
 * case, and a space or hyphen counts as an underscore ({@code Image Name} is {@code image_name}).
 */
public enum InventoryColumn {

	IMAGE_NAME(true), REGION(true), DISK_INDEX(false), OSS_BUCKET(true), OSS_OBJECT(true), FORMAT(false),
	DISK_SIZE_GIB(false), ARCHITECTURE(false), OS_TYPE(false), PLATFORM(false), DESCRIPTION(false),
	BOOT_MODE(false), LICENSE_TYPE(false), TAGS(false), ROLE_NAME(false), RESOURCE_GROUP_ID(false);

	private final boolean required;

	InventoryColumn(boolean required) {
		this.required = required;
	}

	public boolean required() {
		return this.required;
	}

	/** The name as it stands in the header, e.g. {@code image_name}. */
	public String header() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<InventoryColumn> fromHeader(String name) {
		String normalized = name.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
		for (InventoryColumn column : values()) {
			if (column.header().equals(normalized)) {
				return Optional.of(column);
			}
		}
		return Optional.empty();
	}

}
