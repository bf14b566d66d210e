package io.ecsmigrator.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.sandbox.Scenario.DiskKind;

/**
 * A sandbox scenario in a test, said by name: {@code Scenarios.scenario().region("cn-hangzhou")
 * .imageQuota(2).bucket("disks-hz", "cn-hangzhou").object("web.qcow2", QCOW2, 40)
 * .importSeconds(1).seed(3).build()}. What a test leaves out takes the scenario's default, as in a
 * YAML file. A setter of a region, bucket or fault applies to the one named last; every builder
 * method returns the scenario builder, so calls chain in any order.
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

	private final List<RegionSpec> regions = new ArrayList<>();

	private final List<BucketSpec> buckets = new ArrayList<>();

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

	// regions

	/** A region, with the defaults (imports supported, quotas 100 images and 1000 snapshots). */
	public Scenarios region(String id) {
		this.regions.add(new RegionSpec(id));
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

	public Scenarios bucket(String name, String region) {
		this.buckets.add(new BucketSpec(name, region));
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

	/** The faults alone, for a test of them. */
	public Scenario.Faults faults() {
		return new Scenario.Faults(this.rateLimits, this.errorRate, this.ecsLatencyMillis, this.ossLatencyMillis,
				this.lostResponseRate, this.lateResponseMillis, this.ossBurst, this.ossBodilessHeadRate,
				this.gatewayErrorRate, this.rateWindows);
	}

	public Scenario build() {
		Scenario.Account account = new Scenario.Account(this.importForbidden, this.importRole, this.importRolePolicy,
				this.notInWhiteList);
		return new Scenario(this.accessKeys, account, this.regions.stream().map(RegionSpec::build).toList(),
				this.buckets.stream().map(BucketSpec::build).toList(), this.importSeconds, this.seed, faults(),
				this.listingLagSeconds, this.deleteImages, this.checkTimestamps, this.clockOffsetSeconds);
	}

	private RegionSpec lastRegion() {
		if (this.regions.isEmpty()) {
			throw new IllegalStateException("name a region first: region(id)");
		}
		return this.regions.get(this.regions.size() - 1);
	}

	private BucketSpec lastBucket() {
		if (this.buckets.isEmpty()) {
			throw new IllegalStateException("name a bucket first: bucket(name, region)");
		}
		return this.buckets.get(this.buckets.size() - 1);
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
