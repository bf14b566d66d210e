package io.ecsmigrator.inventory;

import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The RAM role ECS assumes to read OSS and the resource group new images are filed in, for every
 * image whose inventory lines leave {@code role_name} / {@code resource_group_id} empty
 * ({@code migrator.import.*}). The ledger keeps the inventory's values only; the settings fill the
 * rest when images are read ({@code ledger.ImageRepository}), so a value in the inventory wins over
 * the setting, and a launch with another setting applies it to the images not yet sent.
 *
 * @param roleName {@code migrator.import.role-name}; ImportImage's {@code RoleName} is left out
 * when it is {@link #DEFAULT_ROLE}, which is what ECS then uses
 * @param resourceGroupId {@code migrator.import.resource-group-id}; empty: ImportImage's
 * {@code ResourceGroupId} is left out and the image goes to the account's default group
 */
@ConfigurationProperties("migrator.import")
public record ImportDefaults(@DefaultValue(DEFAULT_ROLE) String roleName, @DefaultValue("") String resourceGroupId) {

	/** The role ImportImage uses when the request names none (ImportImage API reference). */
	public static final String DEFAULT_ROLE = "AliyunECSImageImportDefaultRole";

	/** RAM CreateRole: 1 to 64 characters, letters, digits, periods and hyphens. */
	static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9.-]{1,64}");

	/**
	 * A resource group id as Resource Management writes it, {@code rg-} and letters and digits (e.g.
	 * {@code rg-bp67acfmxazb4p****} in the ImportImage reference; OSS refuses an id without the
	 * {@code rg-} prefix, error 0039-00000002).
	 */
	static final Pattern RESOURCE_GROUP_ID = Pattern.compile("rg-[A-Za-z0-9]{1,60}");

	/** Nothing set: the default role, no resource group (after the patterns it is checked with). */
	public static final ImportDefaults NONE = new ImportDefaults(DEFAULT_ROLE, "");

	public ImportDefaults {
		roleName = (roleName == null || roleName.isBlank()) ? DEFAULT_ROLE : roleName.strip();
		resourceGroupId = (resourceGroupId == null) ? "" : resourceGroupId.strip();
		if (!ROLE_NAME.matcher(roleName).matches()) {
			throw new IllegalArgumentException(("migrator.import.role-name=%s is not a RAM role name: 1 to 64 letters, "
					+ "digits, periods or hyphens").formatted(Quoted.of(roleName)));
		}
		if (!resourceGroupId.isEmpty() && !RESOURCE_GROUP_ID.matcher(resourceGroupId).matches()) {
			throw new IllegalArgumentException(("migrator.import.resource-group-id=%s is not a resource group id: "
					+ "rg- followed by letters and digits, e.g. rg-aek2abc3def4gh").formatted(Quoted.of(resourceGroupId)));
		}
	}

	/** The group, or {@code null} when none is set. */
	public String resourceGroupOrNull() {
		return this.resourceGroupId.isEmpty() ? null : this.resourceGroupId;
	}

}
