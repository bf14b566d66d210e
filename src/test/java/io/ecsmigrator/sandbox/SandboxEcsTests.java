package io.ecsmigrator.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.CancelTaskRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteImageRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSnapshotsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeTasksRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeTaskAttributeRequest;
import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import com.aliyuncs.ecs.model.v20140526.ImportImageResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpResponse;
import com.aliyuncs.http.ProtocolType;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The sandbox's ECS API through the official Java SDK over HTTP, as the migrator will use it: every
 * rule of ImportImage's contract with its error code and HTTP status, and an import's life.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class SandboxEcsTests {

	private static final String REGION = "cn-hangzhou";

	private final MutableClock clock = new MutableClock();

	private SandboxServer sandbox;

	private DefaultAcsClient ecs;

	/** The test's own account and quotas, in the world every test of the class shares. */
	private static Scenario scenario(Scenarios account, int imageQuota, int snapshotQuota) {
		account.accessKey("testAK", "testSecret")
			.region(REGION)
			.imageQuota(imageQuota)
			.snapshotQuota(snapshotQuota)
			.existingImages(0)
			.region("cn-shanghai")
			.region("cn-wulanchabu")
			.importNotSupported();
		for (String[] bucket : new String[][] { { "disks-hz", REGION }, { "disks-sh", "cn-shanghai" } }) {
			account.bucket(bucket[0], bucket[1])
				.object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
				.object("data.raw", Scenario.DiskKind.RAW_GPT, 200)
				.object("legacy.vmdk", Scenario.DiskKind.VMDK, 20);
		}
		return account.importSeconds(60).seed(7L).build();
	}

	private void start(Scenario scenario) throws Exception {
		this.sandbox = SandboxServer.start(scenario, 0, this.clock);
		this.ecs = client("testAK", "testSecret");
	}

	private DefaultAcsClient client(String accessKeyId, String secret) {
		return SandboxClients.ecs(accessKeyId, secret);
	}

	@BeforeEach
	void startSandbox() throws Exception {
		start(scenario(Scenarios.scenario(), 100, 1000));
	}

	@AfterEach
	void stopSandbox() {
		this.sandbox.close();
	}

	private <T extends AcsRequest<?>> T at(T request) {
		request.setSysEndpoint(this.sandbox.endpoint());
		request.setSysProtocol(ProtocolType.HTTP);
		return request;
	}

	private ImportImageRequest importRequest(String name, Consumer<ImportImageRequest> changes) {
		ImportImageRequest request = at(new ImportImageRequest());
		request.setSysRegionId(REGION);
		request.setImageName(name);
		// the SDK writes a parameter when its setter runs: changes go first, the default disk after
		changes.accept(request);
		if (request.getDiskDeviceMappings() == null) {
			ImportImageRequest.DiskDeviceMapping disk = disk("disks-hz", "web.qcow2", 40);
			disk.setFormat("qcow2");
			request.setDiskDeviceMappings(List.of(disk));
		}
		return request;
	}

	private ImportImageResponse importImage(String name) throws ClientException {
		return this.ecs.getAcsResponse(importRequest(name, r -> {
		}));
	}

	/** The error code and HTTP status of a request that must fail. */
	private String failure(AcsRequest<?> request, int expectedStatus) throws ClientException {
		HttpResponse raw = this.ecs.doAction(request);
		assertThat(raw.getStatus()).as(new String(raw.getHttpContent(), StandardCharsets.UTF_8)).isEqualTo(expectedStatus);
		ClientException ex = catchThrowableOfType(ClientException.class, () -> this.ecs.getAcsResponse(request));
		assertThat(ex.getRequestId()).isNotBlank();
		return ex.getErrCode();
	}

	private String importFailure(Consumer<ImportImageRequest> changes, int status) throws ClientException {
		return failure(importRequest("web-01", changes), status);
	}

	private static ImportImageRequest.DiskDeviceMapping disk(String bucket, String object, Integer size) {
		ImportImageRequest.DiskDeviceMapping disk = new ImportImageRequest.DiskDeviceMapping();
		disk.setOSSBucket(bucket);
		disk.setOSSObject(object);
		disk.setDiskImageSize(size);
		return disk;
	}

	private List<DescribeImagesResponse.Image> describe(Consumer<DescribeImagesRequest> filter) throws ClientException {
		DescribeImagesRequest request = at(new DescribeImagesRequest());
		request.setSysRegionId(REGION);
		filter.accept(request);
		return this.ecs.getAcsResponse(request).getImages();
	}

	@Test
	void describeRegionsListsTheScenarioRegions() throws ClientException {
		var regions = this.ecs.getAcsResponse(at(new DescribeRegionsRequest())).getRegions();
		assertThat(regions).extracting(r -> r.getRegionId()).containsExactly(REGION, "cn-shanghai", "cn-wulanchabu");
	}

	@Test
	void anImportGoesFromCreatingToAvailableAndKeepsItsTags() throws ClientException {
		ImportImageResponse response = this.ecs.getAcsResponse(importRequest("web-01", r -> {
			ImportImageRequest.Tag tag = new ImportImageRequest.Tag();
			tag.setKey("ecs-image-migrator:plan");
			tag.setValue("p1");
			r.setTags(List.of(tag));
			r.setPlatform("Ubuntu");
		}));
		assertThat(response.getImageId()).startsWith("m-");
		assertThat(response.getTaskId()).startsWith("t-");
		assertThat(response.getRequestId()).isNotBlank();

		assertThat(describe(r -> r.setImageName("web-01"))).as("the default status filter is Available only").isEmpty();
		List<DescribeImagesResponse.Image> creating = describe(r -> {
			r.setImageId(response.getImageId());
			r.setStatus("Creating,Available,CreateFailed");
		});
		assertThat(creating).singleElement().satisfies(image -> {
			assertThat(image.getStatus()).isEqualTo("Creating");
			assertThat(image.getProgress()).isEqualTo("0%");
			assertThat(image.getPlatform()).isEqualTo("Ubuntu");
			assertThat(image.getTags()).singleElement().satisfies(tag -> {
				assertThat(tag.getTagKey()).isEqualTo("ecs-image-migrator:plan");
				assertThat(tag.getTagValue()).isEqualTo("p1");
			});
			assertThat(image.getDiskDeviceMappings()).singleElement()
				.satisfies(d -> assertThat(d.getImportOSSObject()).isEqualTo("web.qcow2"));
		});

		this.clock.advance(Duration.ofSeconds(30));
		DescribeTaskAttributeRequest task = at(new DescribeTaskAttributeRequest());
		task.setSysRegionId(REGION);
		task.setTaskId(response.getTaskId());
		assertThat(this.ecs.getAcsResponse(task).getTaskStatus()).isEqualTo("Processing");
		assertThat(this.ecs.getAcsResponse(task).getTaskProcess()).isEqualTo("50%");

		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.ecs.getAcsResponse(task).getTaskStatus()).isEqualTo("Finished");
		assertThat(describe(r -> r.setImageName("web-01"))).singleElement()
			.satisfies(image -> assertThat(image.getStatus()).isEqualTo("Available"));
		assertThat(this.sandbox.counters().createdImages()).containsEntry("cn-hangzhou/web-01", 1L);
		assertThat(this.sandbox.counters().importCalls(REGION, "web-01")).isEqualTo(1);
	}

	@Test
	void aDiskEcsCannotReadEndsCreateFailed() throws ClientException {
		ImportImageResponse response = this.ecs.getAcsResponse(importRequest("legacy", r -> r.setDiskDeviceMappings(
				List.of(disk("disks-hz", "legacy.vmdk", null)))));
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(describe(r -> {
			r.setImageId(response.getImageId());
			r.setStatus("CreateFailed");
		})).singleElement().satisfies(image -> assertThat(image.getStatus()).isEqualTo("CreateFailed"));
	}

	@Test
	void describeImagesFiltersByTagAndPages() throws ClientException {
		for (int i = 1; i <= 5; i++) {
			int n = i;
			this.ecs.getAcsResponse(importRequest("img-" + i, r -> {
				ImportImageRequest.Tag tag = new ImportImageRequest.Tag();
				tag.setKey("wave");
				tag.setValue((n % 2 == 0) ? "even" : "odd");
				r.setTags(List.of(tag));
			}));
		}
		this.clock.advance(Duration.ofMinutes(2));
		DescribeImagesRequest request = at(new DescribeImagesRequest());
		request.setSysRegionId(REGION);
		DescribeImagesRequest.Tag tag = new DescribeImagesRequest.Tag();
		tag.setKey("wave");
		tag.setValue("odd");
		request.setTags(List.of(tag));
		request.setPageSize(2);
		request.setPageNumber(2);
		request.setImageOwnerAlias("self");
		DescribeImagesResponse page = this.ecs.getAcsResponse(request);
		assertThat(page.getTotalCount()).isEqualTo(3);
		assertThat(page.getImages()).extracting(DescribeImagesResponse.Image::getImageName).containsExactly("img-5");
		request.setImageOwnerAlias("system");
		assertThat(this.ecs.getAcsResponse(request).getTotalCount()).isZero();
	}

	@Test
	void cancelAndDelete() throws ClientException {
		ImportImageResponse importing = importImage("web-01");
		DeleteImageRequest delete = at(new DeleteImageRequest());
		delete.setSysRegionId(REGION);
		delete.setImageId(importing.getImageId());
		assertThat(failure(delete, 403)).as("an importing image cannot be deleted").isEqualTo("ImageIsImporting");

		CancelTaskRequest cancel = at(new CancelTaskRequest());
		cancel.setSysRegionId(REGION);
		cancel.setTaskId(importing.getTaskId());
		this.ecs.getAcsResponse(cancel);
		assertThat(describe(r -> r.setStatus("Creating,Available"))).isEmpty();

		ImportImageResponse done = importImage("web-02");
		this.clock.advance(Duration.ofMinutes(2));
		delete.setImageId(done.getImageId());
		this.ecs.getAcsResponse(delete);
		assertThat(describe(r -> r.setStatus("Creating,Available"))).isEmpty();
		assertThat(failure(delete, 404)).isEqualTo("InvalidImageId.NotFound");
	}

	@Test
	void signatureAndAccessKeyAreChecked() throws ClientException {
		this.ecs = client("testAK", "wrongSecret");
		String wrongSecret = failure(at(new DescribeRegionsRequest()), 400);
		// the SDK rewrites SignatureDoesNotMatch when the server quotes the client's string to sign
		assertThat(wrongSecret).isIn("SignatureDoesNotMatch", "SDK.InvalidAccessKeySecret");
		this.ecs = client("nobody", "testSecret");
		assertThat(failure(at(new DescribeRegionsRequest()), 404)).isEqualTo("InvalidAccessKeyId.NotFound");
	}

	@Test
	void parametersTheApiRequires() throws ClientException {
		assertThat(importFailure(r -> r.setDiskDeviceMappings(List.of()), 400)).isEqualTo("MissingParameter");
		assertThat(importFailure(r -> r.setDiskDeviceMappings(List.of(disk("disks-hz", null, null))), 400))
			.isEqualTo("MissingParameter");
		assertThat(importFailure(r -> r.setDiskDeviceMappings(List.of(disk(null, "web.qcow2", null))), 400))
			.isEqualTo("MissingParameter");
	}

	@Test
	void malformedParametersUseTheContractCodes() throws ClientException {
		assertThat(importFailure(r -> r.setImageName("1web"), 400)).isEqualTo("InvalidImageName.Malformed");
		assertThat(importFailure(r -> r.setImageName("http://web"), 400)).isEqualTo("InvalidImageName.Malformed");
		assertThat(importFailure(r -> r.setImageName("w"), 400)).isEqualTo("InvalidImageName.Malformed");
		assertThat(importFailure(r -> r.setDescription("https://wiki"), 400)).isEqualTo("InvalidDescription.Malformed");
		assertThat(importFailure(r -> r.setDescription("x".repeat(257)), 400)).isEqualTo("InvalidDescription.Malformed");
		assertThat(importFailure(r -> r.setArchitecture("amd64"), 400)).isEqualTo("InvalidArchitecture.Malformed");
		assertThat(importFailure(r -> r.setOSType("macos"), 400)).isEqualTo("InvalidOSType.Malformed");
		assertThat(importFailure(r -> r.setPlatform("Ubuntu Linux"), 400)).isEqualTo("InvalidPlatform.Malformed");
		assertThat(importFailure(r -> {
			ImportImageRequest.DiskDeviceMapping vmdk = disk("disks-hz", "web.qcow2", null);
			vmdk.setFormat("VMDK");
			r.setDiskDeviceMappings(List.of(vmdk));
		}, 400)).isEqualTo("InvalidFormat.Malformed");
	}

	@Test
	void diskImageSizeMustFitTheRangeAndTheDisk() throws ClientException {
		assertThat(importFailure(r -> r.setDiskDeviceMappings(List.of(disk("disks-hz", "web.qcow2", 4))), 400))
			.isEqualTo("InvalidImageSize");
		assertThat(importFailure(r -> r.setDiskDeviceMappings(List.of(disk("disks-hz", "web.qcow2", 501))), 400))
			.isEqualTo("InvalidImageSize");
		assertThat(importFailure(r -> r.setDiskDeviceMappings(List.of(disk("disks-hz", "web.qcow2", 20))), 400))
			.as("smaller than the 40 GiB disk in the object").isEqualTo("InvalidImageSize");
		assertThat(importFailure(r -> r.setDiskDeviceMappings(List.of(disk("disks-hz", "web.qcow2", 40),
				disk("disks-hz", "data.raw", 1001))), 400)).isEqualTo("InvalidImageSize");
	}

	@Test
	void regionsAndBucketsAreChecked() throws ClientException {
		assertThat(importFailure(r -> r.setSysRegionId("cn-nowhere"), 400)).isEqualTo("RegionId.NotFound");
		assertThat(importFailure(r -> r.setSysRegionId("cn-wulanchabu"), 403)).isEqualTo("InvalidRegion.NotSupport");
		assertThat(importFailure(r -> r.setDiskDeviceMappings(List.of(disk("no-bucket", "web.qcow2", null))), 400))
			.isEqualTo("InvalidOSSBucket.NotFound");
		assertThat(importFailure(r -> r.setDiskDeviceMappings(List.of(disk("disks-sh", "web.qcow2", null))), 400))
			.as("a bucket of another region").isEqualTo("InvalidOSSBucket.NotFound");
		assertThat(importFailure(r -> r.setDiskDeviceMappings(List.of(disk("disks-hz", "nothing.raw", null))), 400))
			.isEqualTo("InvalidOSSObject.NotFound");
	}

	@Test
	void aNameIsUniqueInItsRegion() throws ClientException {
		importImage("web-01");
		assertThat(importFailure(r -> {
		}, 403)).as("the first is still importing").isEqualTo("ImageIsImporting");
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(importFailure(r -> {
		}, 400)).as("the first exists").isEqualTo("InvalidImageName.Duplicated");
		assertThat(this.sandbox.counters().importCalls(REGION, "web-01")).isEqualTo(5);
		assertThat(this.sandbox.counters().createdImages()).containsEntry("cn-hangzhou/web-01", 1L);
	}

	@Test
	void quotasOfImagesAndSnapshots() throws Exception {
		this.sandbox.close();
		start(scenario(Scenarios.scenario(), 2, 1000));
		importImage("a1");
		importImage("a2");
		assertThat(importFailure(r -> r.setImageName("a3"), 403)).isEqualTo("QuotaExceed.Image");

		this.sandbox.close();
		start(scenario(Scenarios.scenario(), 100, 2));
		importImage("b1");
		assertThat(importFailure(r -> r.setDiskDeviceMappings(List.of(disk("disks-hz", "web.qcow2", null),
				disk("disks-hz", "data.raw", null))), 403)).isEqualTo("QuotaExceed.Snapshot");
	}

	@Test
	void existingImagesAreListedAndCountAgainstTheQuota() throws Exception {
		this.sandbox.close();
		this.sandbox = SandboxServer.start(Scenarios.scenario()
			.region(REGION)
			.imageQuota(3)
			.snapshotQuota(1000)
			.existingImages(2)
			.bucket("disks-hz", REGION).object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.importSeconds(60).seed(7L).build(), 0, this.clock);
		assertThat(describe(r -> r.setImageOwnerAlias("self"))).extracting(DescribeImagesResponse.Image::getImageName)
			.containsExactly("existing-image-1", "existing-image-2");
		String taskId = importImage("web-01").getTaskId();
		assertThat(importFailure(r -> r.setImageName("web-02"), 403)).isEqualTo("QuotaExceed.Image");

		DescribeSnapshotsRequest snapshots = at(new DescribeSnapshotsRequest());
		snapshots.setSysRegionId(REGION);
		assertThat(this.ecs.getAcsResponse(snapshots).getTotalCount()).as("one per disk of each image").isEqualTo(3);

		DescribeTasksRequest tasks = at(new DescribeTasksRequest());
		tasks.setSysRegionId(REGION);
		tasks.setTaskIds(taskId);
		assertThat(this.ecs.getAcsResponse(tasks).getTaskSet()).singleElement().satisfies(task -> {
			assertThat(task.getTaskId()).isEqualTo(taskId);
			assertThat(task.getTaskStatus()).isEqualTo("Processing");
		});
	}

	@Test
	void accountWideRefusals() throws Exception {
		this.sandbox.close();
		start(scenario(Scenarios.scenario().importForbidden(), 100, 1000));
		assertThat(importFailure(r -> {
		}, 400)).isEqualTo("Forbbiden");
		this.sandbox.close();
		start(scenario(Scenarios.scenario().noImportRole(), 100, 1000));
		assertThat(importFailure(r -> {
		}, 403)).isEqualTo("NoSetRoletoECSServiceAcount");
		this.sandbox.close();
		start(scenario(Scenarios.scenario().importRolePolicy("none"), 100, 1000));
		assertThat(importFailure(r -> {
		}, 403)).as("the role without its policy").isEqualTo("NoSetRoletoECSServiceAcount");
	}

	@Test
	void aCustomImportRoleAndAResourceGroup() throws Exception {
		this.sandbox.close();
		// the default role is missing: only the custom role can import
		start(scenario(Scenarios.scenario()
			.noImportRole()
			.customRole("ImageImporter")
			.customRole("UsersOnly", false, null)
			.customRole("NoPolicy", true, "none")
			.resourceGroups("rg-aek2abc3def4gh"), 100, 1000));
		ImportImageResponse imported = this.ecs.getAcsResponse(importRequest("web-01", r -> {
			r.setRoleName("ImageImporter");
			r.setResourceGroupId("rg-aek2abc3def4gh");
		}));
		this.clock.advance(java.time.Duration.ofSeconds(61));
		DescribeImagesResponse.Image image = describe(r -> r.setImageId(imported.getImageId())).get(0);
		assertThat(image.getStatus()).isEqualTo("Available");
		assertThat(image.getResourceGroupId()).isEqualTo("rg-aek2abc3def4gh");
		assertThat(describe(r -> r.setResourceGroupId("rg-aek2abc3def4gh"))).hasSize(1);
		assertThat(describe(r -> r.setResourceGroupId("rg-other"))).isEmpty();

		assertThat(importFailure(r -> r.setRoleName("NoSuchRole"), 403)).isEqualTo("NoSetRoletoECSServiceAccount");
		assertThat(importFailure(r -> r.setRoleName("UsersOnly"), 403)).as("a role ECS may not assume")
			.isEqualTo("NoSetRoletoECSServiceAccount");
		assertThat(importFailure(r -> r.setRoleName("NoPolicy"), 403)).as("a role without a policy")
			.isEqualTo("NoSetRoletoECSServiceAccount");
		assertThat(importFailure(r -> {
		}, 403)).as("no RoleName: the default role, missing here").isEqualTo("NoSetRoletoECSServiceAcount");
		assertThat(importFailure(r -> {
			r.setRoleName("ImageImporter");
			r.setResourceGroupId("rg-unknown1");
		}, 404)).isEqualTo("InvalidResourceGroup.NotFound");
	}

}
