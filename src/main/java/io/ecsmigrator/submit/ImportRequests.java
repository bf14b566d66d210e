package io.ecsmigrator.submit;

import java.util.ArrayList;
import java.util.List;

import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import io.ecsmigrator.images.PlanTag;
import io.ecsmigrator.inventory.ImportDefaults;
import io.ecsmigrator.inventory.InventoryTag;
import io.ecsmigrator.ledger.ImageRow;

/**
 * Builds the ImportImage request of an image. In one pass: the SDK writes each query parameter
 * as its setter runs, so a list changed after it was set would not reach the wire.
 */
final class ImportRequests {

	private ImportRequests() {
	}

	static ImportImageRequest of(ImageRow image, String planTagValue) {
		ImportImageRequest request = new ImportImageRequest();
		request.setImageName(image.name());
		set(image.description(), request::setDescription);
		set(image.architecture(), request::setArchitecture);
		set(image.osType(), request::setOSType);
		set(image.platform(), request::setPlatform);
		set(image.bootMode(), request::setBootMode);
		set(image.licenseType(), request::setLicenseType);
		// the default role is what ECS uses when the request names none: left out, as before RoleName existed
		if (!ImportDefaults.DEFAULT_ROLE.equals(image.roleName())) {
			set(image.roleName(), request::setRoleName);
		}
		set(image.resourceGroupId(), request::setResourceGroupId);
		List<ImportImageRequest.DiskDeviceMapping> disks = new ArrayList<>();
		for (ImageRow.Disk disk : image.disks()) {
			ImportImageRequest.DiskDeviceMapping mapping = new ImportImageRequest.DiskDeviceMapping();
			mapping.setOSSBucket(disk.bucket());
			mapping.setOSSObject(disk.object());
			set(disk.format(), mapping::setFormat);
			if (disk.diskSizeGib() != null) {
				mapping.setDiskImageSize(disk.diskSizeGib());
			}
			disks.add(mapping);
		}
		request.setDiskDeviceMappings(disks);
		request.setTags(tags(image.tags(), planTagValue));
		return request;
	}

	/** The inventory's {@code key=value;key=value} tags, then the plan tag. */
	static List<ImportImageRequest.Tag> tags(String inventoryTags, String planTagValue) {
		List<ImportImageRequest.Tag> tags = new ArrayList<>();
		for (InventoryTag entry : InventoryTag.parse(inventoryTags)) {
			tags.add(tag(entry.key(), entry.value()));
		}
		tags.add(tag(PlanTag.KEY, planTagValue));
		return tags;
	}

	private static ImportImageRequest.Tag tag(String key, String value) {
		ImportImageRequest.Tag tag = new ImportImageRequest.Tag();
		tag.setKey(key);
		tag.setValue(value);
		return tag;
	}

	private static void set(String value, java.util.function.Consumer<String> setter) {
		if (value != null && !value.isEmpty()) {
			setter.accept(value);
		}
	}

}
