package io.ecsmigrator.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The ECS actions the migrator calls, enforcing the rules and answering the error codes of
 * ImportImage's contract. State is in memory and guarded by this object's lock: the sandbox serves
 * thousands of calls a second, and each holds the lock for microseconds.
 */
final class EcsService {

	static final String VERSION = "2014-05-26";

	private static final Pattern IMAGE_NAME = Pattern.compile("[A-Za-z\\p{IsHan}][A-Za-z\\p{IsHan}0-9.:_-]{1,127}");

	private static final Set<String> LIVE_STATUSES = Set.of("Creating", "Available");

	private static final List<String> ALL_STATUSES = List.of("Creating", "Waiting", "Available", "UnAvailable",
			"CreateFailed", "Deprecated");

	private final Scenario scenario;

	private final Clock clock;

	private final SandboxCounters counters;

	private final SandboxState.Store store;

	private final Map<String, SimulatedImage> images = new LinkedHashMap<>();

	/**
	 * Tasks whose image is gone (cancelled, deleted): DescribeTasks still knows them, as ECS does.
	 * Kept in memory only.
	 */
	private final Map<String, EndedTask> endedTasks = new LinkedHashMap<>();

	private record EndedTask(SimulatedImage image, String status, String message, Instant finishedAt) {
	}

	/** How many ids were handed out: ids follow from it and the seed, so none is ever reissued. */
	private long sequence;

	EcsService(Scenario scenario, Clock clock, SandboxCounters counters, SandboxState.Store store) {
		this.scenario = scenario;
		this.clock = clock;
		this.counters = counters;
		this.store = store;
		SandboxState state = store.load();
		state.images().forEach(image -> this.images.put(image.imageId(), image));
		this.sequence = state.sequence();
		counters.restore(state.importCalls(), state.createdImages());
		if (state.sequence() == 0) {
			createExistingImages();
		}
	}

	/**
	 * The custom images a region already holds (scenario {@code existingImages}): available, listed
	 * and counted like any other, but not of this project (no tags).
	 */
	private void createExistingImages() {
		Instant longAgo = this.clock.instant().minus(Duration.ofDays(30));
		for (Scenario.Region region : this.scenario.regions()) {
			for (int i = 1; i <= region.existingImages(); i++) {
				// no import task: it was there before
				SimulatedImage image = new SimulatedImage(newId("m-"), "", region.id(), "existing-image-" + i,
						"an image the account held before the migration", "x86_64", "linux", "CentOS", "BIOS",
						Map.of(), List.of(new SimulatedImage.Disk(1, "-", "-", "qcow2", 40)), longAgo,
						Duration.ZERO, false, null);
				this.images.put(image.imageId(), image);
			}
		}
	}

	private void save() {
		this.store.save(new SandboxState(this.sequence, List.copyOf(this.images.values()),
				this.counters.importCallsSnapshot(), this.counters.createdImages()));
	}

	/** Custom images the region holds now, as Quota Center counts the usage of its image quota. */
	synchronized long imagesHeld(String region) {
		return liveImages(region).count();
	}

	synchronized Map<String, Object> handle(RpcRequest request) {
		deleteScheduled();
		return switch (request.action()) {
			case "DescribeRegions" -> describeRegions();
			case "ImportImage" -> importImage(request);
			case "DescribeImages" -> describeImages(request);
			case "DescribeTaskAttribute" -> describeTaskAttribute(request);
			case "CancelTask" -> cancelTask(request);
			case "DeleteImage" -> deleteImage(request);
			case "DescribeTasks" -> describeTasks(request);
			case "DescribeSnapshots" -> describeSnapshots(request);
			default -> throw new CloudError(404, "InvalidAction.NotFound",
					"Specified api is not found, please check your url and method.");
		};
	}

	private Map<String, Object> describeRegions() {
		List<Map<String, Object>> regions = this.scenario.regions()
			.stream()
			.map(r -> Map.<String, Object>of("RegionId", r.id(), "LocalName", r.id(), "RegionEndpoint",
					"ecs." + r.id() + ".aliyuncs.com", "Status", "available"))
			.toList();
		return Map.of("Regions", Map.of("Region", regions));
	}

	private Scenario.Region region(RpcRequest request) {
		String id = request.require("RegionId");
		return this.scenario.region(id)
			.orElseThrow(() -> new CloudError(400, "RegionId.NotFound", "The specified region is not found."));
	}

	private Map<String, Object> importImage(RpcRequest request) {
		Scenario.Region region = region(request);
		String name = request.get("ImageName").orElse(null);
		this.counters.importCalled(region.id(), String.valueOf(name));
		if (this.scenario.account().importForbidden()) {
			throw new CloudError(400, "Forbbiden", "User not authorized to operate on the specified resource.");
		}
		if (this.scenario.account().notInWhiteList()) {
			// ECS answers it to an account without a feature the call needs (ECS API error center)
			throw new CloudError(403, "UserNotInTheWhiteList", "The user is not in volume white list.");
		}
		if (!region.importSupported()) {
			throw new CloudError(403, "InvalidRegion.NotSupport",
					"The specified region does not support image import or export.");
		}
		String roleName = request.get("RoleName").filter(r -> !r.equals(Scenario.Account.ROLE)).orElse(null);
		if (roleName == null && !this.scenario.account().importAuthorized()) {
			throw new CloudError(403, "NoSetRoletoECSServiceAcount",
					"The role AliyunECSImageImportDefaultRole is not set for the ECS service account.");
		}
		if (roleName != null && !this.scenario.account().role(roleName).map(Scenario.Role::usableForImport).orElse(false)) {
			// no reference gives ECS's answer for a custom role it cannot assume: the default role's
			// answer, as the current API docs spell it (docs/cloud-reference.md §9)
			throw new CloudError(403, "NoSetRoletoECSServiceAccount",
					"The role " + roleName + " is not set for the ECS service account.");
		}
		String resourceGroupId = request.get("ResourceGroupId").orElse(null);
		if (resourceGroupId != null && !this.scenario.account().resourceGroups().contains(resourceGroupId)) {
			// the ECS API references' error tables (RunInstances, CreateSnapshot, ...)
			throw new CloudError(404, "InvalidResourceGroup.NotFound",
					"The ResourceGroup provided does not exist in our records.");
		}
		if (name != null && (!IMAGE_NAME.matcher(name).matches() || startsWithUrl(name)
				|| name.toLowerCase(Locale.ROOT).startsWith("acs:") || name.toLowerCase(Locale.ROOT).startsWith("aliyun"))) {
			throw new CloudError(400, "InvalidImageName.Malformed", "The specified destination Image name is wrongly formed.");
		}
		String description = request.get("Description").orElse(null);
		if (description != null && (description.codePointCount(0, description.length()) > 256 || startsWithUrl(description))) {
			throw new CloudError(400, "InvalidDescription.Malformed",
					"The specified destination image description is wrongly formed.");
		}
		String architecture = enumValue(request, "Architecture", ApiValues.ARCHITECTURE, "x86_64",
				"InvalidArchitecture.Malformed", "The specified Architecture is wrongly formed.");
		String osType = enumValue(request, "OSType", ApiValues.OS_TYPE, "linux", "InvalidOSType.Malformed",
				"The specified OSType is wrongly formed.");
		String platform = enumValue(request, "Platform", ApiValues.PLATFORM, "Others Linux",
				"InvalidPlatform.Malformed", "The specified Platform is wrongly formed.");
		String bootMode = enumValue(request, "BootMode", ApiValues.BOOT_MODE, "BIOS", "InvalidBootMode.Malformed",
				"The specified BootMode is wrongly formed.");
		List<SimulatedImage.Disk> disks = disks(request, region);
		boolean willFail = disks.stream().anyMatch(d -> d.format() == null);
		if (name != null) {
			// a clash with an image still being imported is ImageIsImporting; with one that exists,
			// InvalidImageName.Duplicated: a client resending a lost ImportImage meets either
			Instant now = this.clock.instant();
			var clash = liveImages(region.id()).filter(image -> image.name().equals(name)).findFirst();
			if (clash.isPresent() && clash.get().status(now).equals("Creating")) {
				throw new CloudError(403, "ImageIsImporting", "The specified Image is importing.");
			}
			if (clash.isPresent()) {
				throw new CloudError(400, "InvalidImageName.Duplicated", "The destination image is exist.");
			}
		}
		if (liveImages(region.id()).count() >= region.imageQuota()) {
			throw new CloudError(403, "QuotaExceed.Image", "The Image Quota exceeds.");
		}
		if (snapshotsHeld(region.id()) + disks.size() > region.snapshotQuota()) {
			throw new CloudError(403, "QuotaExceed.Snapshot", "The maximum number of snapshots is exceeded.");
		}
		SimulatedImage image = new SimulatedImage(newId("m-"), newId("t-"), region.id(),
				(name != null) ? name : "import-" + newId(""), description, architecture, osType, platform, bootMode,
				tags(request), disks, this.clock.instant(), Duration.ofSeconds(this.scenario.importSeconds()), willFail,
				resourceGroupId);
		this.images.put(image.imageId(), image);
		this.counters.imageCreated(region.id(), image.name());
		save();
		return Map.of("ImageId", image.imageId(), "TaskId", image.taskId(), "RegionId", region.id());
	}

	/** DiskDeviceMapping.1..17, each checked against the scenario's buckets and objects. */
	private List<SimulatedImage.Disk> disks(RpcRequest request, Scenario.Region region) {
		List<SimulatedImage.Disk> disks = new ArrayList<>();
		for (int n = 1; n <= 17; n++) {
			String prefix = "DiskDeviceMapping." + n + ".";
			boolean given = request.parameters().keySet().stream().anyMatch(k -> k.startsWith(prefix));
			if (!given) {
				if (n == 1) {
					throw CloudError.missing("DiskDeviceMapping.1.OSSBucket");
				}
				continue;
			}
			String bucketName = request.require(prefix + "OSSBucket");
			String key = request.require(prefix + "OSSObject");
			String format = request.get(prefix + "Format").orElse(null);
			if (format != null && !ApiValues.FORMAT.acceptsIgnoringCase(format)) {
				throw new CloudError(400, "InvalidFormat.Malformed", "The specified Image format is wrongly formed.");
			}
			Scenario.Bucket bucket = this.scenario.bucket(bucketName)
				.filter(b -> b.region().equals(region.id()))
				.orElseThrow(() -> new CloudError(400, "InvalidOSSBucket.NotFound",
						"The specified OSS bucket does not exist in this region."));
			Scenario.DiskObject object = bucket.object(key)
				.orElseThrow(() -> new CloudError(400, "InvalidOSSObject.NotFound",
						"The specified OSS object does not exist."));
			int size = object.virtualGib();
			String sizeParameter = request.get(prefix + "DiskImageSize").orElse(request.get(prefix + "DiskImSize").orElse(null));
			if (sizeParameter != null) {
				int declared = parseSize(sizeParameter);
				int max = (n == 1) ? 500 : 1000;
				if (declared < 5 || declared > max || declared < object.virtualGib()) {
					throw new CloudError(400, "InvalidImageSize", "The specified \"DiskDeviceMapping.n.DiskImageSize\" "
							+ "should be not less than system device size.");
				}
				size = declared;
			}
			// ECS detects the format itself; a disk it cannot read (also an archived object, an assumption:
			// no reference says when ECS reports it) makes the import fail later
			String detected = object.archived() || bucket.otherAccount() ? null : switch (object.kind()) {
				case QCOW2 -> "qcow2";
				case VHD_FIXED, VHD_DYNAMIC -> "VHD";
				case RAW_MBR, RAW_GPT -> "RAW";
				default -> null;
			};
			disks.add(new SimulatedImage.Disk(n, bucketName, key, detected, size));
		}
		return disks;
	}

	private static int parseSize(String value) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new CloudError(400, "InvalidImageSize",
					"The specified \"DiskDeviceMapping.n.DiskImageSize\" should be not less than system device size.");
		}
	}

	private static Map<String, String> tags(RpcRequest request) {
		Map<String, String> tags = new LinkedHashMap<>();
		for (int n = 1; n <= 20; n++) {
			String key = request.get("Tag." + n + ".Key").orElse(null);
			if (key != null) {
				tags.put(key, request.get("Tag." + n + ".Value").orElse(""));
			}
		}
		return tags;
	}

	private static String enumValue(RpcRequest request, String parameter, ApiValues vocabulary, String fallback,
			String code, String message) {
		String value = request.get(parameter).orElse(null);
		if (value == null) {
			return fallback;
		}
		return vocabulary.accepted().stream().filter(v -> v.equals(value)).findFirst()
			.orElseThrow(() -> new CloudError(400, code, message));
	}

	private static boolean startsWithUrl(String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		return lower.startsWith("http://") || lower.startsWith("https://");
	}

	/** An image holds a snapshot per disk. */
	private long snapshotsHeld(String region) {
		return liveImages(region).mapToLong(image -> image.disks().size()).sum();
	}

	/**
	 * The region's snapshots, as a count: what a quota check needs. The sandbox has no snapshot
	 * other than those of its images, one per disk.
	 */
	private Map<String, Object> describeSnapshots(RpcRequest request) {
		Scenario.Region region = region(request);
		return Map.of("TotalCount", snapshotsHeld(region.id()), "PageNumber", 1, "PageSize",
				Integer.parseInt(request.get("PageSize").orElse("10")), "Snapshots", Map.of("Snapshot", List.of()));
	}

	/**
	 * Import tasks, as ECS's DescribeTasks filters them: TaskIds (up to 100), TaskAction, TaskStatus
	 * (only Finished, Processing and Failed filter; "the system ignores other values"),
	 * ResourceIds.N (the image: how a client finds the task of an image it did not import itself),
	 * StartTime/EndTime of creation, and pages of 10 by default, 100 at most.
	 */
	private Map<String, Object> describeTasks(RpcRequest request) {
		Scenario.Region region = region(request);
		List<String> ids = request.get("TaskIds").map(v -> Arrays.stream(v.split(",")).map(String::trim).toList())
			.orElse(List.of());
		if (ids.size() > 100) {
			throw new CloudError(400, "InvalidParameter", "The specified TaskIds has more than 100 values.");
		}
		String action = request.get("TaskAction").orElse(null);
		String status = request.get("TaskStatus").filter(TASK_STATUSES::contains).orElse(null);
		List<String> resources = new ArrayList<>();
		for (int n = 1; n <= 100; n++) {
			request.get("ResourceIds." + n).ifPresent(resources::add);
		}
		Instant start = request.get("StartTime").map(EcsService::instant).orElse(Instant.MIN);
		Instant end = request.get("EndTime").map(EcsService::instant).orElse(Instant.MAX);
		int pageSize = Integer.parseInt(request.get("PageSize").orElse("10"));
		int pageNumber = Integer.parseInt(request.get("PageNumber").orElse("1"));
		if (pageSize < 1 || pageSize > 100 || pageNumber < 1) {
			throw new CloudError(400, "InvalidParameter", "The specified PageSize or PageNumber is out of range.");
		}
		Instant now = this.clock.instant();
		List<Map<String, Object>> tasks = tasks(now).stream()
			.filter(task -> task.get("RegionId").equals(region.id()))
			.filter(task -> ids.isEmpty() || ids.contains(task.get("TaskId")))
			.filter(task -> action == null || action.equals(task.get("TaskAction")))
			.filter(task -> status == null || status.equals(task.get("TaskStatus")))
			.filter(task -> resources.isEmpty() || resources.contains(task.get("ResourceId")))
			.filter(task -> {
				Instant created = instant((String) task.get("CreationTime"));
				return !created.isBefore(start) && !created.isAfter(end);
			})
			.toList();
		List<Map<String, Object>> page = tasks.stream().skip((long) (pageNumber - 1) * pageSize).limit(pageSize)
			.map(task -> {
				Map<String, Object> view = new LinkedHashMap<>(task);
				view.remove("RegionId");
				view.remove("Message");
				return view;
			})
			.toList();
		return Map.of("RegionId", region.id(), "TotalCount", tasks.size(), "PageNumber", pageNumber, "PageSize",
				pageSize, "TaskSet", Map.of("Task", page));
	}

	private static final Set<String> TASK_STATUSES = Set.of("Finished", "Processing", "Failed");

	private static Instant instant(String value) {
		try {
			return Instant.parse(value);
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw new CloudError(400, "InvalidParameter", "The specified time is not in the format yyyy-MM-ddTHH:mm:ssZ.");
		}
	}

	/** Every import task, of images there and gone, in creation order. */
	private List<Map<String, Object>> tasks(Instant now) {
		List<Map<String, Object>> tasks = new ArrayList<>();
		this.images.values().stream().filter(image -> !image.taskId().isEmpty()).forEach(image -> {
			String status = image.taskStatus(now);
			Instant finished = status.equals("Processing") ? null : image.createdAt().plus(image.importTime());
			tasks.add(task(image, status, status.equals("Failed") ? failure(image) : "", finished));
		});
		this.endedTasks.values().forEach(t -> tasks.add(task(t.image(), t.status(), t.message(), t.finishedAt())));
		tasks.sort(java.util.Comparator.comparing(t -> (String) t.get("CreationTime")));
		return tasks;
	}

	private static Map<String, Object> task(SimulatedImage image, String status, String message, Instant finished) {
		Map<String, Object> task = new LinkedHashMap<>();
		task.put("TaskId", image.taskId());
		task.put("TaskAction", "ImportImage");
		task.put("TaskStatus", status);
		task.put("SupportCancel", Boolean.toString(status.equals("Processing")));
		task.put("CreationTime", time(image.createdAt()));
		task.put("FinishedTime", (finished != null) ? time(finished) : "");
		task.put("ResourceId", image.imageId());
		task.put("RegionId", image.region());
		task.put("Message", message);
		return task;
	}

	private static String time(Instant instant) {
		return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
	}

	/** Why an import failed, as DescribeTaskAttribute's OperationProgress tells it. */
	private String failure(SimulatedImage image) {
		for (SimulatedImage.Disk disk : image.disks()) {
			var bucket = this.scenario.bucket(disk.bucket());
			var object = bucket.flatMap(b -> b.object(disk.object()));
			if (bucket.isPresent() && bucket.get().otherAccount()) {
				return "The role cannot read the OSS bucket " + disk.bucket() + ".";
			}
			if (object.isPresent() && object.get().archived()) {
				return "The OSS object " + disk.object() + " is archived and cannot be read.";
			}
			if (disk.format() == null) {
				return "The image file " + disk.object() + " is not in a supported format (RAW, VHD, qcow2).";
			}
		}
		return "The image import failed.";
	}

	/** The scenario's deletions behind the migrator's back whose time has come. */
	private void deleteScheduled() {
		if (this.scenario.deleteImages().isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		List<SimulatedImage> due = this.images.values().stream()
			.filter(image -> !image.taskId().isEmpty())
			.filter(image -> this.scenario.deleteImages().stream().anyMatch(d -> d.name().equals(image.name())
					&& !now.isBefore(image.createdAt().plusSeconds(d.afterSeconds()))))
			.toList();
		due.forEach(image -> removeBehindTheBack(image, now));
	}

	/** {@link SandboxServer#deleteImage}, and DeleteImage: the image goes, its task stays as it ended. */
	synchronized boolean deleteBehindTheBack(String region, String name) {
		Instant now = this.clock.instant();
		List<SimulatedImage> named = this.images.values().stream()
			.filter(image -> image.region().equals(region) && image.name().equals(name))
			.toList();
		named.forEach(image -> removeBehindTheBack(image, now));
		return !named.isEmpty();
	}

	private void removeBehindTheBack(SimulatedImage image, Instant now) {
		this.images.remove(image.imageId());
		if (!image.taskId().isEmpty()) {
			String status = image.taskStatus(now);
			// deleted while importing, the import ends too (an assumption: the console refuses that)
			this.endedTasks.put(image.taskId(), new EndedTask(image, status.equals("Processing") ? "Failed" : status,
					status.equals("Failed") ? failure(image) : "The image was deleted.", now));
		}
		save();
	}

	private java.util.stream.Stream<SimulatedImage> liveImages(String region) {
		Instant now = this.clock.instant();
		return this.images.values()
			.stream()
			.filter(image -> image.region().equals(region) && LIVE_STATUSES.contains(image.status(now)));
	}

	private Map<String, Object> describeImages(RpcRequest request) {
		Scenario.Region region = region(request);
		Instant now = this.clock.instant();
		Set<String> statuses = Arrays.stream(request.get("Status").orElse("Available").split(","))
			.map(String::trim)
			.flatMap(s -> s.equalsIgnoreCase("ALL") ? ALL_STATUSES.stream() : java.util.stream.Stream.of(s))
			.collect(Collectors.toSet());
		Set<String> ids = request.get("ImageId")
			.map(v -> Arrays.stream(v.split(",")).map(String::trim).collect(Collectors.toSet()))
			.orElse(null);
		if (ids != null && ids.size() > 100) {
			throw new CloudError(400, "InvalidParameter", "The specified ImageId has more than 100 values.");
		}
		String owner = request.get("ImageOwnerAlias").orElse(null);
		String name = request.get("ImageName").orElse(null);
		String resourceGroup = request.get("ResourceGroupId").orElse(null);
		Map<String, String> tagFilter = new LinkedHashMap<>();
		for (int n = 1; n <= 20; n++) {
			int i = n;
			request.get("Tag." + n + ".Key").ifPresent(key -> tagFilter.put(key, request.get("Tag." + i + ".Value").orElse(null)));
		}
		int pageSize = Integer.parseInt(request.get("PageSize").orElse("10"));
		int pageNumber = Integer.parseInt(request.get("PageNumber").orElse("1"));
		if (pageSize < 1 || pageSize > 100 || pageNumber < 1) {
			throw new CloudError(400, "InvalidParameter", "The specified PageSize or PageNumber is out of range.");
		}
		List<SimulatedImage> matches = this.images.values()
			.stream()
			.filter(image -> image.region().equals(region.id()))
			// a new image shows in the listing only after the scenario's lag (the real listing is
			// eventually consistent; Terraform and Packer wait and tolerate not-found)
			.filter(image -> !now.isBefore(image.createdAt().plusSeconds(this.scenario.listingLagSeconds())))
			.filter(image -> owner == null || owner.equals("self"))
			.filter(image -> statuses.contains(image.status(now)))
			.filter(image -> ids == null || ids.contains(image.imageId()))
			.filter(image -> name == null || image.name().equals(name))
			.filter(image -> resourceGroup == null || resourceGroup.equals(image.resourceGroupId()))
			.filter(image -> tagFilter.entrySet()
				.stream()
				.allMatch(t -> image.tags().containsKey(t.getKey())
						&& (t.getValue() == null || t.getValue().equals(image.tags().get(t.getKey())))))
			.toList();
		List<Map<String, Object>> page = matches.stream()
			.skip((long) (pageNumber - 1) * pageSize)
			.limit(pageSize)
			.map(image -> imageView(image, now))
			.toList();
		return Map.of("RegionId", region.id(), "TotalCount", matches.size(), "PageNumber", pageNumber, "PageSize",
				pageSize, "Images", Map.of("Image", page));
	}

	private static Map<String, Object> imageView(SimulatedImage image, Instant now) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("ImageId", image.imageId());
		view.put("ImageName", image.name());
		view.put("Description", (image.description() != null) ? image.description() : "");
		view.put("Status", image.status(now));
		view.put("Progress", image.progress(now));
		view.put("Size", image.sizeGib());
		view.put("Architecture", image.architecture());
		view.put("OSType", image.osType());
		view.put("Platform", image.platform());
		view.put("BootMode", image.bootMode());
		view.put("ImageOwnerAlias", "self");
		view.put("ResourceGroupId", (image.resourceGroupId() != null) ? image.resourceGroupId() : "");
		view.put("CreationTime", DateTimeFormatter.ISO_INSTANT.format(image.createdAt().truncatedTo(ChronoUnit.SECONDS)));
		view.put("Tags", Map.of("Tag", image.tags()
			.entrySet()
			.stream()
			.map(t -> Map.of("TagKey", t.getKey(), "TagValue", t.getValue()))
			.toList()));
		view.put("DiskDeviceMappings", Map.of("DiskDeviceMapping", image.disks()
			.stream()
			.map(d -> Map.of("Device", "/dev/xvd" + (char) ('a' + d.index() - 1), "Format",
					(d.format() != null) ? d.format() : "", "ImportOSSBucket", d.bucket(), "ImportOSSObject",
					d.object(), "Size", Integer.toString(d.sizeGib()), "Type", (d.index() == 1) ? "system" : "data",
					"Progress", image.progress(now)))
			.toList()));
		return view;
	}

	private Map<String, Object> byTask(RpcRequest request, int notFoundStatus) {
		String taskId = request.require("TaskId");
		return tasks(this.clock.instant()).stream()
			.filter(task -> task.get("TaskId").equals(taskId))
			.findFirst()
			.orElseThrow(() -> new CloudError(notFoundStatus, "InvalidTaskId.NotFound",
					"The specified \"TaskId\" is not found."));
	}

	private Map<String, Object> describeTaskAttribute(RpcRequest request) {
		region(request);
		Map<String, Object> task = byTask(request, 404);
		Instant now = this.clock.instant();
		String status = (String) task.get("TaskStatus");
		SimulatedImage image = this.images.get((String) task.get("ResourceId"));
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("TaskId", task.get("TaskId"));
		view.put("TaskAction", "ImportImage");
		view.put("TaskStatus", status);
		view.put("TaskProcess", (image != null) ? image.progress(now) : "100%");
		view.put("SupportCancel", task.get("SupportCancel"));
		view.put("RegionId", task.get("RegionId"));
		view.put("CreationTime", task.get("CreationTime"));
		view.put("FinishedTime", task.get("FinishedTime"));
		view.put("TotalCount", 1);
		view.put("SuccessCount", status.equals("Finished") ? 1 : 0);
		view.put("FailedCount", status.equals("Failed") ? 1 : 0);
		// a failed task says why in its OperationProgress (ErrorCode, ErrorMsg): DescribeTaskAttribute reference
		List<Map<String, Object>> operations = status.equals("Processing") ? List.of()
				: List.of(Map.of("OperationStatus", status.equals("Failed") ? "Failed" : "Success", "ErrorCode",
						status.equals("Failed") ? "ImportImage.Failed" : "", "ErrorMsg", task.get("Message"),
						"RelatedItemSet", Map.of("RelatedItem",
								List.of(Map.of("Name", "ImageId", "Value", task.get("ResourceId"))))));
		view.put("OperationProgressSet", Map.of("OperationProgress", operations));
		return view;
	}

	/**
	 * Cancels an import in progress: ECS drops the image being created. The codes are CancelTask's
	 * reference: 400 {@code InvalidTaskId.NotFound}, 403 {@code InvalidTaskId.IncorrectTaskStatus}
	 * (the sandbox answered 404 and {@code IncorrectTaskStatus} before, the product's guess).
	 */
	private Map<String, Object> cancelTask(RpcRequest request) {
		region(request);
		Map<String, Object> task = byTask(request, 400);
		SimulatedImage image = this.images.get((String) task.get("ResourceId"));
		if (image == null || !task.get("TaskStatus").equals("Processing")) {
			throw new CloudError(403, "InvalidTaskId.IncorrectTaskStatus", "The specified task status is invalid.");
		}
		this.images.remove(image.imageId());
		// no reference says what a cancelled task reports; the documented vocabulary has Failed
		this.endedTasks.put(image.taskId(), new EndedTask(image, "Failed", "The task was cancelled.",
				this.clock.instant()));
		save();
		return Map.of();
	}

	private Map<String, Object> deleteImage(RpcRequest request) {
		region(request);
		String imageId = request.require("ImageId");
		SimulatedImage image = this.images.get(imageId);
		if (image == null) {
			throw new CloudError(404, "InvalidImageId.NotFound", "The specified ImageId does not exist.");
		}
		if (image.status(this.clock.instant()).equals("Creating")) {
			throw new CloudError(403, "ImageIsImporting", "The specified Image is importing.");
		}
		removeBehindTheBack(image, this.clock.instant());
		return Map.of();
	}

	private String newId(String prefix) {
		long z = this.scenario.seed() ^ (++this.sequence * 0x9E3779B97F4A7C15L);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		String digits = Long.toString((z ^ (z >>> 31)) & Long.MAX_VALUE, 36);
		return prefix + "0".repeat(Math.max(0, 13 - digits.length())) + digits + Long.toString(this.sequence, 36);
	}

}
