package io.ecsmigrator.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What the sandbox simulates: the account, its regions, buckets and disk objects, and how imports
 * behave. Read from a YAML file (see {@code jobs/sandbox/*.yaml}); every field but the regions has
 * a default, so a scenario names only what matters to it.
 *
 * @param accessKeys the AccessKey pairs the sandbox accepts (default: testAK / testSecret)
 * @param account account-wide switches
 * @param regions regions, with their quotas
 * @param buckets buckets, with their region and disk objects
 * @param importSeconds how long an accepted import stays {@code Creating} (default 30)
 * @param seed seed of everything random, so a run can be replayed
 * @param faults throttling, errors, latency and lost answers to inject
 */
public record Scenario(List<AccessKey> accessKeys, Account account, List<Region> regions, List<Bucket> buckets,
		Integer importSeconds, Long seed, Faults faults) {

	/** A scenario without faults. */
	public Scenario(List<AccessKey> accessKeys, Account account, List<Region> regions, List<Bucket> buckets,
			Integer importSeconds, Long seed) {
		this(accessKeys, account, regions, buckets, importSeconds, seed, null);
	}

	public Scenario {
		accessKeys = (accessKeys == null || accessKeys.isEmpty()) ? List.of(new AccessKey("testAK", "testSecret"))
				: List.copyOf(accessKeys);
		account = (account != null) ? account : new Account(false, true, null);
		regions = (regions != null) ? List.copyOf(regions) : List.of();
		buckets = (buckets != null) ? List.copyOf(buckets) : List.of();
		importSeconds = (importSeconds != null) ? importSeconds : 30;
		seed = (seed != null) ? seed : 1L;
		faults = (faults != null) ? faults : new Faults(null, null, null, null, null, null);
	}

	/**
	 * What goes wrong, on purpose. Decisions follow from {@code seed}, so a run can be replayed.
	 *
	 * @param rateLimits calls per second an action takes before it answers {@code Throttling.User}
	 * (e.g. {@code ImportImage: 5}; OSS calls are {@code OSS.HeadObject}, {@code OSS.GetObject}, …)
	 * @param errorRate share of calls answered 503 {@code ServiceUnavailable} or 500
	 * {@code InternalError}, half each
	 * @param ecsLatencyMillis added before every ECS and RAM answer
	 * @param ossLatencyMillis added before every OSS answer
	 * @param lostResponseRate share of ImportImage calls that are carried out but whose answer is
	 * lost: the connection closes without one
	 * @param lateResponseMillis instead of closing, send the lost answer this late (past the
	 * client's read timeout)
	 */
	public record Faults(Map<String, Integer> rateLimits, Double errorRate, Integer ecsLatencyMillis,
			Integer ossLatencyMillis, Double lostResponseRate, Integer lateResponseMillis) {

		public Faults {
			rateLimits = (rateLimits != null) ? Map.copyOf(rateLimits) : Map.of();
			errorRate = (errorRate != null) ? errorRate : 0.0;
			ecsLatencyMillis = (ecsLatencyMillis != null) ? ecsLatencyMillis : 0;
			ossLatencyMillis = (ossLatencyMillis != null) ? ossLatencyMillis : 0;
			lostResponseRate = (lostResponseRate != null) ? lostResponseRate : 0.0;
			lateResponseMillis = (lateResponseMillis != null) ? lateResponseMillis : 0;
		}

	}

	/**
	 * @param importForbidden the account may not import images ({@code Forbbiden})
	 * @param importRole the role {@code AliyunECSImageImportDefaultRole} exists (default true)
	 * @param importRolePolicy the policy attached to it: {@code AliyunECSImageImportRolePolicy}
	 * (the default), or {@code none}
	 */
	public record Account(boolean importForbidden, Boolean importRole, String importRolePolicy) {

		public static final String ROLE = "AliyunECSImageImportDefaultRole";

		public static final String POLICY = "AliyunECSImageImportRolePolicy";

		public Account {
			importRole = (importRole != null) ? importRole : true;
			importRolePolicy = (importRolePolicy != null) ? importRolePolicy : POLICY;
		}

		/** ECS can read OSS for imports: the role is there with a policy that lets it. */
		public boolean importAuthorized() {
			return this.importRole && !"none".equals(this.importRolePolicy);
		}

	}

	public record AccessKey(String id, String secret) {

		@Override
		public String toString() {
			return "AccessKey[" + this.id + "]"; // never the secret
		}

	}

	/**
	 * @param importSupported whether the region can import images ({@code InvalidRegion.NotSupport})
	 * @param imageQuota custom images the account may hold in the region (default 100)
	 * @param snapshotQuota snapshots the account may hold in the region (default 1000); an imported
	 * image holds one per disk
	 * @param existingImages custom images already there (listed as {@code existing-image-N}, without
	 * this project's tags), counted against both quotas
	 */
	public record Region(String id, Boolean importSupported, Integer imageQuota, Integer snapshotQuota,
			Integer existingImages) {

		public Region {
			importSupported = (importSupported != null) ? importSupported : true;
			imageQuota = (imageQuota != null) ? imageQuota : 100;
			snapshotQuota = (snapshotQuota != null) ? snapshotQuota : 1000;
			existingImages = (existingImages != null) ? existingImages : 0;
		}

	}

	public record Bucket(String name, String region, List<DiskObject> objects) {

		public Bucket {
			objects = (objects != null) ? List.copyOf(objects) : List.of();
		}

		public Optional<DiskObject> object(String key) {
			return this.objects.stream().filter(o -> o.key().equals(key)).findFirst();
		}

	}

	/**
	 * A synthetic disk file: no bytes, only what a reader of its header would learn.
	 *
	 * @param kind what the file holds
	 * @param virtualGib the disk's virtual size
	 */
	public record DiskObject(String key, DiskKind kind, int virtualGib) {

		public DiskObject {
			kind = (kind != null) ? kind : DiskKind.QCOW2;
		}

	}

	/** The contents a disk object can have; only the first three can be imported. */
	public enum DiskKind {

		QCOW2, VHD_FIXED, VHD_DYNAMIC, RAW_MBR, RAW_GPT, VMDK, VHDX, ISO, GARBAGE;

		public boolean importable() {
			return this == QCOW2 || this == VHD_FIXED || this == VHD_DYNAMIC || this == RAW_MBR || this == RAW_GPT;
		}

	}

	public Optional<Region> region(String id) {
		return this.regions.stream().filter(r -> r.id().equals(id)).findFirst();
	}

	public Optional<Bucket> bucket(String name) {
		return this.buckets.stream().filter(b -> b.name().equals(name)).findFirst();
	}

	public Optional<String> secretOf(String accessKeyId) {
		return this.accessKeys.stream().filter(k -> k.id().equals(accessKeyId)).map(AccessKey::secret).findFirst();
	}

	public static Scenario load(Path file) {
		try {
			return YAMLMapper.builder()
				.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
				.build()
				.readValue(Files.readString(file), Scenario.class);
		}
		catch (IOException | JacksonException ex) {
			throw new IllegalArgumentException("%s: not a valid sandbox scenario: %s".formatted(file,
					ex.getMessage().lines().findFirst().orElse("")), ex);
		}
	}

}
