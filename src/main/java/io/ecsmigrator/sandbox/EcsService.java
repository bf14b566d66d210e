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
						Duration.ZERO, false);
				this.images.put(image.imageId(), image);
			}
		}
	}

	private void save() {
		this.store.save(new SandboxState(this.sequence, List.copyOf(this.images.values()),
				this.counters.importCallsSnapshot(), this.counters.createdImages()));
	}

	synchronized Map<String, Object> handle(RpcRequest request) {
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
		if (!region.importSupported()) {
			throw new CloudError(403, "InvalidRegion.NotSupport",
					"The specified region does not support image import or export.");
		}
		if (!this.scenario.account().importAuthorized()) {
			throw new CloudError(403, "NoSetRoletoECSServiceAcount",
					"The role AliyunECSImageImportDefaultRole is not set for the ECS service account.");
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
				tags(request), disks, this.clock.instant(), Duration.ofSeconds(this.scenario.importSeconds()), willFail);
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
			// ECS detects the format itself; a disk it cannot read makes the import fail later
			String detected = switch (object.kind()) {
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

	/** Import tasks by id, up to 100 at once. */
	private Map<String, Object> describeTasks(RpcRequest request) {
		Scenario.Region region = region(request);
		List<String> ids = request.get("TaskIds").map(v -> Arrays.stream(v.split(",")).map(String::trim).toList())
			.orElse(List.of());
		if (ids.size() > 100) {
			throw new CloudError(400, "InvalidParameter", "The specified TaskIds has more than 100 values.");
		}
		Instant now = this.clock.instant();
		List<Map<String, Object>> tasks = this.images.values()
			.stream()
			.filter(image -> image.region().equals(region.id()) && (ids.isEmpty() || ids.contains(image.taskId())))
			.filter(image -> !image.taskId().isEmpty())
			.map(image -> Map.<String, Object>of("TaskId", image.taskId(), "TaskAction", "ImportImage", "TaskStatus",
					image.taskStatus(now), "SupportCancel", Boolean.toString(image.taskStatus(now).equals("Processing")),
					"CreationTime", DateTimeFormatter.ISO_INSTANT.format(image.createdAt().truncatedTo(ChronoUnit.SECONDS))))
			.toList();
		return Map.of("RegionId", region.id(), "TotalCount", tasks.size(), "PageNumber", 1, "PageSize", 100,
				"TaskSet", Map.of("Task", tasks));
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
			.filter(image -> owner == null || owner.equals("self"))
			.filter(image -> statuses.contains(image.status(now)))
			.filter(image -> ids == null || ids.contains(image.imageId()))
			.filter(image -> name == null || image.name().equals(name))
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

	private SimulatedImage byTask(RpcRequest request) {
		String taskId = request.require("TaskId");
		return this.images.values()
			.stream()
			.filter(image -> image.taskId().equals(taskId))
			.findFirst()
			.orElseThrow(() -> new CloudError(404, "InvalidTaskId.NotFound", "The specified task is not found."));
	}

	private Map<String, Object> describeTaskAttribute(RpcRequest request) {
		SimulatedImage image = byTask(request);
		Instant now = this.clock.instant();
		String status = image.taskStatus(now);
		Map<String, Object> task = new LinkedHashMap<>();
		task.put("TaskId", image.taskId());
		task.put("TaskAction", "ImportImage");
		task.put("TaskStatus", status);
		task.put("TaskProcess", image.progress(now));
		task.put("SupportCancel", Boolean.toString(status.equals("Processing")));
		task.put("RegionId", image.region());
		task.put("CreationTime", DateTimeFormatter.ISO_INSTANT.format(image.createdAt().truncatedTo(ChronoUnit.SECONDS)));
		task.put("TotalCount", 1);
		task.put("SuccessCount", status.equals("Finished") ? 1 : 0);
		task.put("FailedCount", status.equals("Failed") ? 1 : 0);
		return task;
	}

	/** Cancels an import in progress: ECS drops the image being created. */
	private Map<String, Object> cancelTask(RpcRequest request) {
		SimulatedImage image = byTask(request);
		if (!image.taskStatus(this.clock.instant()).equals("Processing")) {
			throw new CloudError(403, "IncorrectTaskStatus", "The current status of the task does not support cancel.");
		}
		this.images.remove(image.imageId());
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
		this.images.remove(imageId);
		save();
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
