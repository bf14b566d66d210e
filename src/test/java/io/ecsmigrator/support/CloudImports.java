package io.ecsmigrator.support;

import java.util.List;

import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import com.aliyuncs.ecs.model.v20140526.ImportImageResponse;
import com.aliyuncs.exceptions.ClientException;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.images.PlanTag;

/** Imports made straight through the SDK, as another tool or an earlier run would have made them. */
public final class CloudImports {

	private CloudImports() {
	}

	/**
	 * ImportImage of one disk, {@code bucket/object}.
	 *
	 * @param planTag the value of this project's tag, or {@code null} for an image not of this project
	 */
	public static ImportImageResponse importImage(CloudClients clients, String region, String name, String bucket,
			String object, String planTag) throws ClientException {
		ImportImageRequest request = clients.ecs(new ImportImageRequest(), region);
		request.setImageName(name);
		ImportImageRequest.DiskDeviceMapping disk = new ImportImageRequest.DiskDeviceMapping();
		disk.setOSSBucket(bucket);
		disk.setOSSObject(object);
		request.setDiskDeviceMappings(List.of(disk));
		if (planTag != null) {
			ImportImageRequest.Tag tag = new ImportImageRequest.Tag();
			tag.setKey(PlanTag.KEY);
			tag.setValue(planTag);
			request.setTags(List.of(tag));
		}
		return clients.acs().getAcsResponse(request);
	}

}
