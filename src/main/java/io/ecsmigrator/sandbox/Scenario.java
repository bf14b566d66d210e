package io.ecsmigrator.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * @param listingLagSeconds a new image shows in DescribeImages only this long after ImportImage
 * (default 0); DescribeTasks and DescribeTaskAttribute know its task at once
 * @param deleteImages images deleted behind the migrator's back, by name, some time after their
 * import started (default none)
 * @param checkTimestamps refuse a request whose time is more than 15 minutes from the sandbox's
 * clock, as the real APIs do: ECS/RAM {@code InvalidTimeStamp.Expired}, OSS
 * {@code RequestTimeTooSkewed} (default false: tests move the sandbox's clock freely)
 * @param clockOffsetSeconds the sandbox's clock runs this far ahead of the machine's (default 0)
 */
public record Scenario(List<AccessKey> accessKeys, Account account, List<Region> regions, List<Bucket> buckets,
		Integer importSeconds, Long seed, Faults faults, Integer listingLagSeconds, List<ImageDeletion> deleteImages,
		Boolean checkTimestamps, Integer clockOffsetSeconds) {

	/** A scenario without faults. */
	public Scenario(List<AccessKey> accessKeys, Account account, List<Region> regions, List<Bucket> buckets,
			Integer importSeconds, Long seed) {
		this(accessKeys, account, regions, buckets, importSeconds, seed, null);
	}

	public Scenario(List<AccessKey> accessKeys, Account account, List<Region> regions, List<Bucket> buckets,
			Integer importSeconds, Long seed, Faults faults) {
		this(accessKeys, account, regions, buckets, importSeconds, seed, faults, null, null, null, null);
	}

	/** A copy with other ECS timing: a listing lag and deletions behind the migrator's back. */
	public Scenario withListing(Integer listingLagSeconds, List<ImageDeletion> deleteImages) {
		return new Scenario(this.accessKeys, this.account, this.regions, this.buckets, this.importSeconds, this.seed,
				this.faults, listingLagSeconds, deleteImages, this.checkTimestamps, this.clockOffsetSeconds);
	}

	/** A copy that checks request times against the sandbox's clock. */
	public Scenario withTimestampCheck(int clockOffsetSeconds) {
		return new Scenario(this.accessKeys, this.account, this.regions, this.buckets, this.importSeconds, this.seed,
				this.faults, this.listingLagSeconds, this.deleteImages, true, clockOffsetSeconds);
	}

	/**
	 * @param name the image's name
	 * @param afterSeconds how long after its ImportImage the image is deleted (its task stays
	 * {@code Finished}, as a deleted image's task does)
	 */
	public record ImageDeletion(String name, Integer afterSeconds) {

		public ImageDeletion {
			afterSeconds = (afterSeconds != null) ? afterSeconds : 0;
		}

	}

	public Scenario {
		accessKeys = (accessKeys == null || accessKeys.isEmpty()) ? List.of(new AccessKey("testAK", "testSecret", false))
				: List.copyOf(accessKeys);
		account = (account != null) ? account : new Account(false, true, null, null);
		regions = (regions != null) ? List.copyOf(regions) : List.of();
		buckets = (buckets != null) ? List.copyOf(buckets) : List.of();
		importSeconds = (importSeconds != null) ? importSeconds : 30;
		seed = (seed != null) ? seed : 1L;
		faults = (faults != null) ? faults : new Faults(null, null, null, null, null, null);
		listingLagSeconds = (listingLagSeconds != null) ? listingLagSeconds : 0;
		deleteImages = (deleteImages != null) ? List.copyOf(deleteImages) : List.of();
		checkTimestamps = (checkTimestamps != null) ? checkTimestamps : false;
		clockOffsetSeconds = (clockOffsetSeconds != null) ? clockOffsetSeconds : 0;
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
	 * @param ossBurst runs of consecutive OSS requests answered 503 {@code SlowDown} or
	 * {@code ServiceUnavailable} (default none)
	 * @param ossBodilessHeadRate share of OSS HEADs answered 503 with neither body nor
	 * {@code x-oss-err} header, as a proxy in front of OSS may answer
	 * @param gatewayErrorRate share of ECS and RAM calls answered by a gateway's HTML 502 instead of
	 * the API's JSON
	 * @param rateWindows limits over longer windows, as Quota Center writes them: {@code 200/60s}
	 * (e.g. {@code ImportImage: 200/60s}), beside the per-second {@code rateLimits}; both count
	 * each action per region
	 */
	public record Faults(Map<String, Integer> rateLimits, Double errorRate, Integer ecsLatencyMillis,
			Integer ossLatencyMillis, Double lostResponseRate, Integer lateResponseMillis, Burst ossBurst,
			Double ossBodilessHeadRate, Double gatewayErrorRate, Map<String, String> rateWindows) {

		public Faults(Map<String, Integer> rateLimits, Double errorRate, Integer ecsLatencyMillis,
				Integer ossLatencyMillis, Double lostResponseRate, Integer lateResponseMillis) {
			this(rateLimits, errorRate, ecsLatencyMillis, ossLatencyMillis, lostResponseRate, lateResponseMillis, null,
					null, null);
		}

		public Faults(Map<String, Integer> rateLimits, Double errorRate, Integer ecsLatencyMillis,
				Integer ossLatencyMillis, Double lostResponseRate, Integer lateResponseMillis, Burst ossBurst,
				Double ossBodilessHeadRate, Double gatewayErrorRate) {
			this(rateLimits, errorRate, ecsLatencyMillis, ossLatencyMillis, lostResponseRate, lateResponseMillis,
					ossBurst, ossBodilessHeadRate, gatewayErrorRate, null);
		}

		/** The action's long window, or {@code null}. */
		RateWindow rateWindow(String action) {
			String value = this.rateWindows.get(action);
			return (value != null) ? RateWindow.parse(action, value) : null;
		}

		public Faults {
			rateLimits = (rateLimits != null) ? Map.copyOf(rateLimits) : Map.of();
			errorRate = (errorRate != null) ? errorRate : 0.0;
			ecsLatencyMillis = (ecsLatencyMillis != null) ? ecsLatencyMillis : 0;
			ossLatencyMillis = (ossLatencyMillis != null) ? ossLatencyMillis : 0;
			lostResponseRate = (lostResponseRate != null) ? lostResponseRate : 0.0;
			lateResponseMillis = (lateResponseMillis != null) ? lateResponseMillis : 0;
			ossBurst = (ossBurst != null) ? ossBurst : new Burst(null, null, null);
			ossBodilessHeadRate = (ossBodilessHeadRate != null) ? ossBodilessHeadRate : 0.0;
			gatewayErrorRate = (gatewayErrorRate != null) ? gatewayErrorRate : 0.0;
			rateWindows = (rateWindows != null) ? Map.copyOf(rateWindows) : Map.of();
			rateWindows.forEach(RateWindow::parse); // a mistake shows when the scenario loads
		}

	}

	/** {@code calls/secondss}: at most this many calls in each fixed window of that many seconds. */
	record RateWindow(int calls, int seconds) {

		private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("(\\d+)/(\\d+)s");

		static RateWindow parse(String action, String value) {
			var m = FORM.matcher(value.trim());
			if (!m.matches() || Integer.parseInt(m.group(2)) < 1) {
				throw new IllegalArgumentException("rateWindows." + action + ": " + value + " is not like 200/60s");
			}
			return new RateWindow(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
		}

	}

	/**
	 * Runs of consecutive failing OSS requests, counted in the order the sandbox receives them (with
	 * one client: that client's consecutive requests). A burst starts at every {@code every}-th
	 * request, or else at a request with probability {@code rate} (drawn from the seed).
	 *
	 * @param every a burst starts at requests every, 2·every, … (0: use rate)
	 * @param rate chance that a burst starts at a request outside a burst (default 0)
	 * @param length requests in a burst (default 8)
	 */
	public record Burst(Integer every, Double rate, Integer length) {

		public Burst {
			every = (every != null) ? every : 0;
			rate = (rate != null) ? rate : 0.0;
			length = (length != null) ? length : 8;
		}

		boolean enabled() {
			return this.every > 0 || this.rate > 0;
		}

	}

	/**
	 * @param importForbidden the account may not import images ({@code Forbbiden})
	 * @param importRole the role {@code AliyunECSImageImportDefaultRole} exists (default true)
	 * @param importRolePolicy the policy attached to it: {@code AliyunECSImageImportRolePolicy}
	 * (the default), or {@code none}
	 * @param notInWhiteList ImportImage answers 403 {@code UserNotInTheWhiteList}: the account
	 * lacks a feature the call needs (default false)
	 * @param roles custom RAM roles of the account, which ImportImage's {@code RoleName} may name
	 * (default none): another name, or a role ECS cannot use, gets 403
	 * {@code NoSetRoletoECSServiceAccount}
	 * @param resourceGroups the ids of the account's resource groups, which ImportImage's
	 * {@code ResourceGroupId} may name (default none): another id gets 404
	 * {@code InvalidResourceGroup.NotFound}
	 */
	public record Account(Boolean importForbidden, Boolean importRole, String importRolePolicy,
			Boolean notInWhiteList, List<Role> roles, List<String> resourceGroups) {

		public Account(Boolean importForbidden, Boolean importRole, String importRolePolicy) {
			this(importForbidden, importRole, importRolePolicy, null);
		}

		public Account(Boolean importForbidden, Boolean importRole, String importRolePolicy, Boolean notInWhiteList) {
			this(importForbidden, importRole, importRolePolicy, notInWhiteList, null, null);
		}

		public static final String ROLE = "AliyunECSImageImportDefaultRole";

		public static final String POLICY = "AliyunECSImageImportRolePolicy";

		public Account {
			// a Boolean like the others: an account block that leaves it out means false
			importForbidden = (importForbidden != null) ? importForbidden : false;
			importRole = (importRole != null) ? importRole : true;
			importRolePolicy = (importRolePolicy != null) ? importRolePolicy : POLICY;
			notInWhiteList = (notInWhiteList != null) ? notInWhiteList : false;
			roles = (roles != null) ? List.copyOf(roles) : List.of();
			resourceGroups = (resourceGroups != null) ? List.copyOf(resourceGroups) : List.of();
		}

		/** ECS can read OSS for imports: the role is there with a policy that lets it. */
		public boolean importAuthorized() {
			return this.importRole && !"none".equals(this.importRolePolicy);
		}

		public Optional<Role> role(String name) {
			return this.roles.stream().filter(r -> r.name().equals(name)).findFirst();
		}

	}

	/**
	 * A custom RAM role, such as an enterprise keeps for image imports instead of the default one.
	 *
	 * @param name the role's name
	 * @param trustsEcs its trust policy lets {@code ecs.aliyuncs.com} assume it (default true;
	 * false: it trusts the account's own users instead)
	 * @param policy the policy attached to it (default {@code AliyunECSImageImportRolePolicy}), or
	 * {@code none}
	 */
	public record Role(String name, Boolean trustsEcs, String policy) {

		public Role {
			Objects.requireNonNull(name, "a role needs a name");
			trustsEcs = (trustsEcs != null) ? trustsEcs : true;
			policy = (policy != null) ? policy : Account.POLICY;
		}

		/** ECS can assume it and read OSS with it. */
		public boolean usableForImport() {
			return this.trustsEcs && !"none".equals(this.policy);
		}

	}

	/**
	 * @param quotasDenied the key may not read Quota Center: ListProductQuotas answers 403
	 * @param ramDenied the key has ECS and OSS rights but none in RAM: RAM calls answer 403
	 * {@code NoPermission} (default false)
	 */
	public record AccessKey(String id, String secret, Boolean ramDenied, Boolean quotasDenied) {

		public AccessKey(String id, String secret) {
			this(id, secret, null, null);
		}

		public AccessKey(String id, String secret, Boolean ramDenied) {
			this(id, secret, ramDenied, null);
		}

		public AccessKey {
			ramDenied = (ramDenied != null) ? ramDenied : false;
			quotasDenied = (quotasDenied != null) ? quotasDenied : false;
		}

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

	/**
	 * @param locationDenied {@code ?location} and {@code ?bucketInfo} answer 403
	 * {@code AccessDenied} while the objects stay readable: a RAM user allowed {@code oss:GetObject}
	 * only, or another account's public-read bucket (default false)
	 * @param otherAccount the bucket belongs to another account: every request answers 403
	 * {@code AccessDenied} (default false)
	 */
	public record Bucket(String name, String region, List<DiskObject> objects, Boolean locationDenied,
			Boolean otherAccount) {

		public Bucket(String name, String region, List<DiskObject> objects) {
			this(name, region, objects, null, null);
		}

		public Bucket {
			objects = (objects != null) ? List.copyOf(objects) : List.of();
			locationDenied = (locationDenied != null) ? locationDenied : false;
			otherAccount = (otherAccount != null) ? otherAccount : false;
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
	 * @param storageClass OSS storage class: {@code Standard} (default), {@code IA}, or an archive
	 * class ({@code Archive}, {@code ColdArchive}, {@code DeepColdArchive}) whose GET answers 403
	 * {@code InvalidObjectState} until restored
	 */
	public record DiskObject(String key, DiskKind kind, int virtualGib, String storageClass) {

		public DiskObject(String key, DiskKind kind, int virtualGib) {
			this(key, kind, virtualGib, null);
		}

		public DiskObject {
			kind = (kind != null) ? kind : DiskKind.QCOW2;
			storageClass = (storageClass != null) ? storageClass : "Standard";
		}

		/** Archive classes cannot be read until restored (OSS error 0016-00000404). */
		public boolean archived() {
			return this.storageClass.endsWith("Archive");
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

	/** Whether the only key is the default one ({@code testAK}/{@code testSecret}, declared or not). */
	public boolean usesDefaultAccessKey() {
		return this.accessKeys.size() == 1 && this.accessKeys.get(0).id().equals("testAK")
				&& this.accessKeys.get(0).secret().equals("testSecret");
	}

	/**
	 * Reads a scenario file; a mistake is named by file, line, column and field, with what was
	 * wanted there.
	 *
	 * @throws IllegalArgumentException with that one-line message
	 */
	public static Scenario load(Path file) {
		String text;
		try {
			text = Files.readString(file);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new IllegalArgumentException(file + ": no such file");
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(file + ": cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
		Scenario scenario;
		try {
			scenario = YAMLMapper.builder()
				.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
				.build()
				.readValue(text, Scenario.class);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(file + ":" + where(ex, text) + " not a valid sandbox scenario: " + what(ex),
					ex);
		}
		catch (IllegalArgumentException ex) {
			// a field's own rule (a rate window, a fraction), from a record's constructor
			throw new IllegalArgumentException(file + ": not a valid sandbox scenario: " + rootMessage(ex), ex);
		}
		if (scenario == null || scenario.regions().isEmpty()) {
			throw new IllegalArgumentException(file + ": not a valid sandbox scenario: regions: at least one region is "
					+ "required (regions:\n  - id: cn-hangzhou)");
		}
		return scenario;
	}

	/** {@code 3:5: regions[0].quota:}, or as much of it as the parser knows. */
	private static String where(JacksonException ex, String text) {
		StringBuilder where = new StringBuilder();
		// the YAML scanner names the line of its problem; Jackson's location is past the token read
		java.util.regex.Matcher mark = java.util.regex.Pattern.compile("line (\\d+), column (\\d+)")
			.matcher(String.valueOf(ex.getMessage()));
		if (mark.find()) {
			where.append(mark.group(1)).append(':').append(mark.group(2)).append(':');
		}
		else if (ex instanceof tools.jackson.databind.exc.UnrecognizedPropertyException unknown
				&& ex.getLocation() != null) {
			where.append(lineOf(text, unknown.getPropertyName(), ex.getLocation().getLineNr()));
		}
		else if (ex.getLocation() != null && ex.getLocation().getLineNr() > 0) {
			where.append(ex.getLocation().getLineNr()).append(':').append(ex.getLocation().getColumnNr()).append(':');
		}
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		if (!path.isEmpty()) {
			where.append(' ').append(path).append(':');
		}
		return where.toString();
	}

	/** {@code line:column:} of the last {@code name:} at or before the line the parser stopped at. */
	private static String lineOf(String text, String name, int stoppedAt) {
		List<String> lines = text.lines().toList();
		for (int i = Math.min(stoppedAt, lines.size()) - 1; i >= 0; i--) {
			int column = lines.get(i).indexOf(name + ":");
			if (column >= 0) {
				return (i + 1) + ":" + (column + 1) + ":";
			}
		}
		return "";
	}

	/** What was wrong, in the scenario's words rather than Java's. */
	private static String what(JacksonException ex) {
		if (ex instanceof tools.jackson.databind.exc.UnrecognizedPropertyException unknown) {
			return "'%s' is not a field here (fields: %s)".formatted(unknown.getPropertyName(),
					String.join(", ", unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()));
		}
		if (ex instanceof tools.jackson.databind.exc.MismatchedInputException mismatch
				&& mismatch.getTargetType() != null) {
			return "wanted " + wanted(mismatch.getTargetType()) + ", found "
					+ found(String.valueOf(mismatch.getOriginalMessage()));
		}
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		String message = (cause instanceof JacksonException jackson) ? jackson.getOriginalMessage() : cause.getMessage();
		// the scanner's own words, without the lines that quote the file back
		return String.join("; ", String.valueOf(message)
			.lines()
			.map(String::trim)
			.filter(line -> !line.isEmpty() && !line.startsWith("in ") && !line.startsWith("^"))
			.limit(2)
			.toList()).replace("\t", "\\t");
	}

	private static String wanted(Class<?> type) {
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "a whole number";
		}
		if (type == Double.class || type == double.class) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == String.class) {
			return "a text";
		}
		if (List.class.isAssignableFrom(type)) {
			return "a list (- item lines)";
		}
		if (type.isEnum()) {
			return "one of " + java.util.Arrays.toString(type.getEnumConstants());
		}
		return "a block of fields";
	}

	private static String found(String message) {
		if (message.contains("from Array value")) {
			return "a list";
		}
		if (message.contains("from Object value")) {
			return "a block of fields";
		}
		java.util.regex.Matcher value = java.util.regex.Pattern.compile("from String \"([^\"]*)\"").matcher(message);
		return value.find() ? "'" + value.group(1) + "'" : message.lines().findFirst().orElse("something else");
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage();
	}

}
