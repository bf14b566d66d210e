package io.ecsmigrator.sandbox;

import java.util.List;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;

/** The official SDK's clients and requests as the sandbox tests use them. */
final class SandboxClients {

	private SandboxClients() {
	}

	/** An ECS/RAM client over plain HTTP; each request names the sandbox as its endpoint. */
	static DefaultAcsClient ecs(String accessKeyId, String secret) {
		DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou", accessKeyId, secret);
		HttpClientConfig config = HttpClientConfig.getDefault();
		config.setProtocolType(ProtocolType.HTTP);
		profile.setHttpClientConfig(config);
		return new DefaultAcsClient(profile);
	}

	static DefaultAcsClient ecs() {
		return ecs("testAK", "testSecret");
	}

	/** An import of one system disk from {@code disks-hz} in cn-hangzhou. */
	static ImportImageRequest importImage(SandboxServer sandbox, String name, String object) {
		ImportImageRequest request = new ImportImageRequest();
		request.setSysEndpoint(sandbox.endpoint());
		request.setSysRegionId("cn-hangzhou");
		request.setImageName(name);
		ImportImageRequest.DiskDeviceMapping disk = new ImportImageRequest.DiskDeviceMapping();
		disk.setOSSBucket("disks-hz");
		disk.setOSSObject(object);
		request.setDiskDeviceMappings(List.of(disk));
		return request;
	}

}
