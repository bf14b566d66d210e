package io.ecsmigrator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A sandbox scenario in a test, said by name: {@code Scenarios.scenario().region("cn-hangzhou")
 * .imageQuota(2).bucket("disks-hz", "cn-hangzhou").object("web.qcow2", QCOW2, 40)
 * .importSeconds(1).seed(3).build()}. What a test leaves out takes the scenario's default, as in a
 * YAML file. A setter of a region or bucket applies to the one named last ({@code region(id)}
 * names an existing one again, so a preset can be changed); every builder method returns the
 * scenario builder, so calls chain in any order.
 * <p>
 * To cover a new field of {@link Scenario}: a field here, a method that sets it, and one argument
 * in {@link #build()}.
 */
public final class Scenarios {

	private final List<Scenario.AccessKey> accessKeys = new ArrayList<>();

	private Boolean importForbidden;

	private Boolean importRole;

	private String importRolePolicy;

	private Boolean notInWhiteList;

	private final List<Scenario.Role> roles = new ArrayList<>();

	private final List<String> resourceGroups = new ArrayList<>();

	private final List<RegionSpec> regions = new ArrayList<>();

	private final List<BucketSpec> buckets = new ArrayList<>();

	private RegionSpec currentRegion;

	private BucketSpec currentBucket;

	private Integer importSeconds;

	private Long seed;

	private final Map<String, Integer> rateLimits = new LinkedHashMap<>();

	private final Map<String, String> rateWindows = new LinkedHashMap<>();

	private Double errorRate;

	private Integer ecsLatencyMillis;

	private Integer ossLatencyMillis;

	private Double lostResponseRate;

	private Integer lateResponseMillis;

	private Scenario.Burst ossBurst;

	private Double ossBodilessHeadRate;

	private Double gatewayErrorRate;

	private Integer listingLagSeconds;

	private final List<Scenario.ImageDeletion> deleteImages = new ArrayList<>();

	private Boolean checkTimestamps;

	private Integer clockOffsetSeconds;

	private Scenarios() {
	}

	/** An empty scenario: no region, no bucket, every default. */
	public static Scenarios scenario() {
		return new Scenarios();
	}

	/**
	 * The world of {@code jobs/sample/inventory.csv}, as {@code jobs/sandbox/sample-wave.yaml} has
	 * it (that file is the README's demo, not a test's): a test says only what differs, and
	 * {@link #writeTo} gives the CLI a file.
	 */
	public static Scenarios sampleWave() {
		return scenario().seed(42)
			.importSeconds(5)
			.customRole("ImageImportRole-Finance")
			.resourceGroups("rg-finance01")
			.region("cn-hangzhou")
			.existingImages(10)
			.region("cn-shanghai")
			.region("cn-wulanchabu")
			.importNotSupported()
			.bucket("dc1-disks-hz", "cn-hangzhou")
			.object("wave1/web-01-sys.qcow2", DiskKind.QCOW2, 40)
			.object("wave1/web-02-sys.qcow2", DiskKind.QCOW2, 40)
			.object("wave1/db-01-sys.raw", DiskKind.RAW_MBR, 60)
			.object("wave1/db-01-data1.raw", DiskKind.RAW_GPT, 500)
			.object("wave1/db-01-data2.raw", DiskKind.RAW_GPT, 500)
			.bucket("dc1-disks-sh", "cn-shanghai")
			.object("wave1/ad-01.vhd", DiskKind.VHD_FIXED, 80)
			.object("wave1/cache-01.qcow2", DiskKind.QCOW2, 20)
			.object("wave1/finance-app.qcow2", DiskKind.QCOW2, 50)
			.rateLimit("ImportImage", 5)
			.rateLimit("DescribeImages", 20);
	}

	/** Writes the scenario as a YAML file the {@code --sandbox} option and {@link Scenario#load} read. */
	public Path writeTo(Path file) {
		try {
			Files.writeString(file, YAMLMapper.builder().build().writeValueAsString(build()));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// the account

	/** An AccessKey the sandbox accepts (default: testAK / testSecret alone). */
	public Scenarios accessKey(String id, String secret) {
		this.accessKeys.add(new Scenario.AccessKey(id, secret));
		return this;
	}

	/** An AccessKey with ECS and OSS rights but none in RAM. */
	public Scenarios ramDeniedAccessKey(String id, String secret) {
		this.accessKeys.add(new Scenario.AccessKey(id, secret, true));
		return this;
	}

	/** An AccessKey that may not read Quota Center: ListProductQuotas answers {@code NoPermission}. */
	public Scenarios quotasDeniedAccessKey(String id, String secret) {
		this.accessKeys.add(new Scenario.AccessKey(id, secret, false, true));
		return this;
	}

	/** The account may not import images: ImportImage answers {@code Forbbiden}. */
	public Scenarios importForbidden() {
		this.importForbidden = true;
		return this;
	}

	/** The role AliyunECSImageImportDefaultRole does not exist. */
	public Scenarios noImportRole() {
		this.importRole = false;
		return this;
	}

	/** The policy attached to the import role ({@code none}: no policy). */
	public Scenarios importRolePolicy(String policy) {
		this.importRolePolicy = policy;
		return this;
	}

	/** ImportImage answers {@code UserNotInTheWhiteList}. */
	public Scenarios notInWhiteList() {
		this.notInWhiteList = true;
		return this;
	}

	/** A custom RAM role that ECS may assume to import images, with the system import policy. */
	public Scenarios customRole(String name) {
		return customRole(name, true, null);
	}

	/**
	 * A custom RAM role.
	 *
	 * @param trustsEcs whether its trust policy lets ecs.aliyuncs.com assume it
	 * @param policy its policy, {@code none}, or {@code null} for the system import policy
	 */
	public Scenarios customRole(String name, boolean trustsEcs, String policy) {
		this.roles.add(new Scenario.Role(name, trustsEcs, policy));
		return this;
	}

	/** Resource groups of the account, by id. */
	public Scenarios resourceGroups(String... ids) {
		this.resourceGroups.addAll(List.of(ids));
		return this;
	}

	// regions

	/**
	 * Names the region the next region setters apply to, adding it (with the defaults: imports
	 * supported, quotas 100 images and 1000 snapshots) if the scenario has none of that id.
	 */
	public Scenarios region(String id) {
		RegionSpec region = this.regions.stream().filter(r -> r.id.equals(id)).findFirst().orElse(null);
		if (region == null) {
			region = new RegionSpec(id);
			this.regions.add(region);
		}
		this.currentRegion = region;
		return this;
	}

	/** The last region cannot import ({@code InvalidRegion.NotSupport}). */
	public Scenarios importNotSupported() {
		lastRegion().importSupported = false;
		return this;
	}

	public Scenarios imageQuota(int images) {
		lastRegion().imageQuota = images;
		return this;
	}

	public Scenarios snapshotQuota(int snapshots) {
		lastRegion().snapshotQuota = snapshots;
		return this;
	}

	/** Custom images already in the last region, not this project's. */
	public Scenarios existingImages(int images) {
		lastRegion().existingImages = images;
		return this;
	}

	// buckets

	/** Names the bucket the next bucket setters and objects apply to, adding it if new. */
	public Scenarios bucket(String name, String region) {
		BucketSpec bucket = this.buckets.stream().filter(b -> b.name.equals(name)).findFirst().orElse(null);
		if (bucket == null) {
			bucket = new BucketSpec(name, region);
			this.buckets.add(bucket);
		}
		else if (!bucket.region.equals(region)) {
			throw new IllegalArgumentException("bucket " + name + " is in " + bucket.region + ", not " + region);
		}
		this.currentBucket = bucket;
		return this;
	}

	/** A disk object in the last bucket. */
	public Scenarios object(String key, DiskKind kind, int virtualGib) {
		lastBucket().objects.add(new Scenario.DiskObject(key, kind, virtualGib));
		return this;
	}

	/** A disk object of a storage class ({@code Archive}, …) in the last bucket. */
	public Scenarios object(String key, DiskKind kind, int virtualGib, String storageClass) {
		lastBucket().objects.add(new Scenario.DiskObject(key, kind, virtualGib, storageClass));
		return this;
	}

	/** The last bucket's location and info are denied while its objects stay readable. */
	public Scenarios locationDenied() {
		lastBucket().locationDenied = true;
		return this;
	}

	/** The last bucket belongs to another account. */
	public Scenarios otherAccount() {
		lastBucket().otherAccount = true;
		return this;
	}

	// imports and the clock

	/** How long an accepted import stays {@code Creating}. */
	public Scenarios importSeconds(int seconds) {
		this.importSeconds = seconds;
		return this;
	}

	public Scenarios seed(long seed) {
		this.seed = seed;
		return this;
	}

	public Scenarios listingLagSeconds(int seconds) {
		this.listingLagSeconds = seconds;
		return this;
	}

	/** The named image is deleted behind the migrator's back this long after its import started. */
	public Scenarios deleteImage(String name, int afterSeconds) {
		this.deleteImages.add(new Scenario.ImageDeletion(name, afterSeconds));
		return this;
	}

	/** Request times are checked against the sandbox's clock, which runs this far ahead. */
	public Scenarios checkTimestamps(int clockOffsetSeconds) {
		this.checkTimestamps = true;
		this.clockOffsetSeconds = clockOffsetSeconds;
		return this;
	}

	// faults

	/** Calls per second the action takes before it answers {@code Throttling.User}. */
	public Scenarios rateLimit(String action, int callsPerSecond) {
		this.rateLimits.put(action, callsPerSecond);
		return this;
	}

	/** A longer window, as Quota Center writes it: {@code 200/60s}. */
	public Scenarios rateWindow(String action, String window) {
		this.rateWindows.put(action, window);
		return this;
	}

	/** Share of calls answered 503 or 500. */
	public Scenarios errorRate(double rate) {
		this.errorRate = rate;
		return this;
	}

	public Scenarios ecsLatency(int millis) {
		this.ecsLatencyMillis = millis;
		return this;
	}

	public Scenarios ossLatency(int millis) {
		this.ossLatencyMillis = millis;
		return this;
	}

	/** Share of ImportImage calls carried out whose answer is lost. */
	public Scenarios lostResponseRate(double rate) {
		this.lostResponseRate = rate;
		return this;
	}

	/** A lost answer comes this late instead of never. */
	public Scenarios lateResponse(int millis) {
		this.lateResponseMillis = millis;
		return this;
	}

	/** Runs of failing OSS requests ({@code every} or {@code rate}; {@code null}: the default). */
	public Scenarios ossBurst(Integer every, Double rate, Integer length) {
		this.ossBurst = new Scenario.Burst(every, rate, length);
		return this;
	}

	public Scenarios ossBodilessHeadRate(double rate) {
		this.ossBodilessHeadRate = rate;
		return this;
	}

	public Scenarios gatewayErrorRate(double rate) {
		this.gatewayErrorRate = rate;
		return this;
	}

	/** Every fault as a test of faults made them (with {@link #faults()}); {@code null}: none. */
	public Scenarios withFaults(Scenario.Faults faults) {
		if (faults != null) {
			this.rateLimits.putAll(faults.rateLimits());
			this.errorRate = faults.errorRate();
			this.ecsLatencyMillis = faults.ecsLatencyMillis();
			this.ossLatencyMillis = faults.ossLatencyMillis();
			this.lostResponseRate = faults.lostResponseRate();
			this.lateResponseMillis = faults.lateResponseMillis();
			this.ossBurst = faults.ossBurst();
			this.ossBodilessHeadRate = faults.ossBodilessHeadRate();
			this.gatewayErrorRate = faults.gatewayErrorRate();
			this.rateWindows.putAll(faults.rateWindows());
		}
		return this;
	}

	/** The faults alone, for a test of them. */
	public Scenario.Faults faults() {
		return new Scenario.Faults(this.rateLimits, this.errorRate, this.ecsLatencyMillis, this.ossLatencyMillis,
				this.lostResponseRate, this.lateResponseMillis, this.ossBurst, this.ossBodilessHeadRate,
				this.gatewayErrorRate, this.rateWindows);
	}

	public Scenario build() {
		Scenario.Account account = new Scenario.Account(this.importForbidden, this.importRole, this.importRolePolicy,
				this.notInWhiteList, this.roles, this.resourceGroups);
		return new Scenario(this.accessKeys, account, this.regions.stream().map(RegionSpec::build).toList(),
				this.buckets.stream().map(BucketSpec::build).toList(), this.importSeconds, this.seed, faults(),
				this.listingLagSeconds, this.deleteImages, this.checkTimestamps, this.clockOffsetSeconds);
	}

	private RegionSpec lastRegion() {
		if (this.currentRegion == null) {
			throw new IllegalStateException("name a region first: region(id)");
		}
		return this.currentRegion;
	}

	private BucketSpec lastBucket() {
		if (this.currentBucket == null) {
			throw new IllegalStateException("name a bucket first: bucket(name, region)");
		}
		return this.currentBucket;
	}

	private static final class RegionSpec {

		final String id;

		Boolean importSupported;

		Integer imageQuota;

		Integer snapshotQuota;

		Integer existingImages;

		RegionSpec(String id) {
			this.id = id;
		}

		Scenario.Region build() {
			return new Scenario.Region(this.id, this.importSupported, this.imageQuota, this.snapshotQuota,
					this.existingImages);
		}

	}

	private static final class BucketSpec {

		final String name;

		final String region;

		final List<Scenario.DiskObject> objects = new ArrayList<>();

		Boolean locationDenied;

		Boolean otherAccount;

		BucketSpec(String name, String region) {
			this.name = name;
			this.region = region;
		}

		Scenario.Bucket build() {
			return new Scenario.Bucket(this.name, this.region, this.objects, this.locationDenied, this.otherAccount);
		}

	}

}
