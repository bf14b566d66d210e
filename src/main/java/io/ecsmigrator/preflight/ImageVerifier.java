package io.ecsmigrator.preflight;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.aliyun.oss.OSSException;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.CloudErrorCodes;
import io.ecsmigrator.cloud.CloudFailure;
import io.ecsmigrator.cloud.ErrorClass;
import io.ecsmigrator.cloud.ErrorClassifier;
import io.ecsmigrator.cloud.Retrier;
import io.ecsmigrator.inventory.DiskSizeLimits;
import io.ecsmigrator.images.OwnImages;
import io.ecsmigrator.images.RegionImages;
import io.ecsmigrator.ledger.DiskFinding;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageStatus;

/**
 * The read-only checks of one image against the cloud before anything is imported: its region
 * exists; each disk's bucket exists in that region and its object exists; each disk's header says
 * a format ECS imports and a size that fits; no image of that name exists already (one of this
 * project's, found by its tag, is adopted as {@code ALREADY_IMPORTED}). Failures of the image (any
 * OSS 4xx on its own bucket or object) are answered in the API's vocabulary, with the {@code oss://}
 * path and a hint, and never stop the others; a passing failure whose retries ran out leaves the
 * image unchecked ({@code PLANNED}, its last error kept) for a later sweep; only failures of the
 * account or the clock are thrown, to stop the run.
 * <p>
 * Thread-safe: regions and bucket locations are looked up once and shared by the threads of a
 * partitioned step.
 */
public class ImageVerifier {

	private static final long GIB = 1L << 30;

	private final DiskSizeLimits limits;

	/** ECS's first region: DescribeRegions answers from any region, and this one always exists. */
	static final String HOME_REGION = "cn-hangzhou";

	private final CloudClients clients;

	private final Retrier retrier;

	private final OwnImages ownImages;

	private final Map<String, String> bucketRegions = new ConcurrentHashMap<>();

	private volatile Set<String> regions;

	/** Each region's own images, listed once a pass ({@link #newPass}) and shared by its threads. */
	private final Map<String, RegionImages> listings = new ConcurrentHashMap<>();

	private final Map<String, Object> listingLocks = new ConcurrentHashMap<>();

	private final ErrorCatalogue catalogue;

	public ImageVerifier(CloudClients clients, Retrier retrier, ErrorCatalogue catalogue) {
		this(clients, retrier, catalogue, DiskSizeLimits.CONTRACT);
	}

	/** @param limits the disk sizes ImportImage takes, the offline validator's own */
	public ImageVerifier(CloudClients clients, Retrier retrier, ErrorCatalogue catalogue, DiskSizeLimits limits) {
		this.limits = limits;
		this.clients = clients;
		this.retrier = retrier;
		this.catalogue = catalogue;
		this.ownImages = new OwnImages(clients, retrier);
	}

	/**
	 * The hint of an image a passing failure left unchecked, whatever its code: it is checked again
	 * after the others.
	 */
	static final String UNCHECKED = ErrorClassifier.defaultHintKey(ErrorClass.TRANSIENT) + "/unchecked";

	/** What {@link #bucketRegions} holds for a bucket whose location (GetBucketLocation) is denied. */
	static final String LOCATION_DENIED = "";

	private static final Pattern ENDPOINT = Pattern.compile("<Endpoint>\\s*oss-([a-z0-9-]+?)(-internal)?\\.");

	/** What a check learnt beside its verdict. */
	private static final class Notes {

		final Set<String> regionChecks = new LinkedHashSet<>();

		final Set<String> warnings = new LinkedHashSet<>();

		String regionCheck() {
			return this.regionChecks.isEmpty() ? null : String.join("; ", this.regionChecks);
		}

	}

	/**
	 * Forgets the regions' listings: the next name check of each region lists it again. Called at
	 * the start of each preflight execution, so that one pass never judges names by another's view.
	 */
	public void newPass() {
		this.listings.clear();
	}

	/**
	 * @throws CloudCallException for a failure that is not the image's: the account, the clock
	 */
	public Verdict verify(ImageToVerify image) {
		Notes notes = new Notes();
		Verdict verdict;
		try {
			verdict = check(image, notes);
		}
		catch (CloudCallException ex) {
			CloudFailure failure = ex.failure();
			verdict = switch (failure.errorClass()) {
				case ACCOUNT, CLOCK, QUOTA -> throw ex;
				case TRANSIENT, AMBIGUOUS -> unchecked(ex);
				default -> failed(failure.code(), ex.getMessage(), this.catalogue.hint(failure), List.of());
			};
		}
		return new Verdict(verdict.status(), verdict.change(), verdict.disks(), notes.regionCheck(),
				List.copyOf(notes.warnings));
	}

	private Verdict check(ImageToVerify image, Notes notes) {
		if (!regions(image.runId()).contains(image.region())) {
			return failed(CloudErrorCodes.REGION_NOT_FOUND,
					"region %s is not one of the account's regions".formatted(image.region()),
					hint(CloudErrorCodes.REGION_NOT_FOUND), List.of());
		}
		List<DiskFinding> findings = new ArrayList<>();
		for (ImageToVerify.Disk disk : image.disks()) {
			Verdict problem = checkDisk(image, disk, findings, notes);
			if (problem != null) {
				return problem;
			}
		}
		return checkName(image, findings);
	}

	/**
	 * A passing failure (5xx, throttling, no answer) outlived the retries of one request: the image
	 * is not failed, it stays {@code PLANNED} with the last error and is checked again after the others.
	 */
	private Verdict unchecked(CloudCallException ex) {
		CloudFailure failure = ex.failure();
		return new Verdict(ImageStatus.PLANNED, new ImageChange(failure.code(), "not checked yet: " + ex.getMessage(),
				hint(UNCHECKED), failure.requestId(), null, null, ex.attempts()), List.of());
	}

	/**
	 * The account's regions, asked once of a region that always exists: asking the image's own
	 * region would send a mistyped region id to an endpoint that does not resolve, and that failure
	 * (transient, retried, then thrown) would stop the run instead of failing the one image.
	 */
	private Set<String> regions(long runId) {
		Set<String> known = this.regions;
		if (known != null) {
			return known;
		}
		synchronized (this.listingLocks) { // once, not once for each thread that arrives first
			return regionsOnce(runId);
		}
	}

	private Set<String> regionsOnce(long runId) {
		Set<String> known = this.regions;
		if (known == null) {
			DescribeRegionsRequest request = this.clients.ecs(new DescribeRegionsRequest(), HOME_REGION);
			known = this.retrier
				.call(new CallContext(runId, HOME_REGION, null), "DescribeRegions", true,
						() -> this.clients.acs().getAcsResponse(request))
				.getRegions()
				.stream()
				.map(r -> r.getRegionId())
				.collect(Collectors.toUnmodifiableSet());
			this.regions = known;
		}
		return known;
	}

	private Verdict checkDisk(ImageToVerify image, ImageToVerify.Disk disk, List<DiskFinding> findings, Notes notes) {
		String where = "disk %d (line %d), oss://%s/%s".formatted(disk.diskIndex(), disk.lineNo(), disk.bucket(),
				disk.object());
		CallContext context = context(image);
		String bucketRegion;
		try {
			bucketRegion = bucketRegion(image, disk.bucket());
		}
		catch (CloudCallException ex) {
			return imagesOwn(ex, image, where, findings);
		}
		if (bucketRegion.equals(LOCATION_DENIED)) {
			if (this.clients.ossSignsRegion()) {
				// OSS answers a request at another region's endpoint with 403 and the right endpoint, so
				// the ranged GET below, at the image region's endpoint, succeeds only if the bucket is there
				notes.regionChecks.add(disk.bucket() + ": object read at the " + image.region()
						+ " endpoint (GetBucketLocation denied)");
				notes.warnings.add(("GetBucketLocation of bucket %s was denied: its region was decided by reading "
						+ "the object at the %s endpoint; the import role needs oss:GetBucketInfo on it")
					.formatted(disk.bucket(), image.region()));
			}
			else {
				notes.regionChecks.add(disk.bucket() + ": not verified (GetBucketLocation denied), ImportImage judges");
				notes.warnings.add(("GetBucketLocation of bucket %s was denied and V1 signatures name no region: "
						+ "its region is not verified, ImportImage will say if it is not %s").formatted(disk.bucket(),
								image.region()));
			}
		}
		else if (!bucketRegion.equals(image.region())) {
			return wrongRegion(image, where, bucketRegion, findings);
		}
		else {
			notes.regionChecks.add(disk.bucket() + ": GetBucketLocation");
		}
		DiskProbe.ProbedDisk probed;
		try {
			probed = DiskProbe.probe(this.retrier, context, this.clients.oss(image.region()), disk.bucket(),
					disk.object());
		}
		catch (CloudCallException ex) {
			if (ex.failure().code().equals(CloudErrorCodes.INVALID_OBJECT_STATE)) {
				// GetObject of an Archive or Cold Archive object not restored: OSS answers 403 InvalidObjectState
				return failed(CloudErrorCodes.INVALID_OBJECT_STATE, "%s: the object is archived (Archive or Cold "
					.formatted(where) + "Archive storage class) and not restored, so ECS cannot read it",
						hint(CloudErrorCodes.INVALID_OBJECT_STATE), findings);
			}
			return imagesOwn(ex, image, where, findings);
		}
		DiskHeader header = probed.header();
		findings.add(new DiskFinding(disk.lineNo(), probed.objectSize(), header.format().apiName(),
				header.virtualSize()));
		if (!header.importable()) {
			return failed(CloudErrorCodes.FORMAT_MALFORMED, "%s: %s (%s)".formatted(where, header.problem(this.catalogue),
					header.format().apiName()), header.fix(this.catalogue), findings);
		}
		if (disk.diskIndex() == 1 && header.format() == DiskHeader.Format.RAW && header.detail().equals("none")) {
			return failed(CloudErrorCodes.FORMAT_MALFORMED,
					"%s: no image format and no MBR or GPT partition table: this is not a bootable disk".formatted(where),
					hint(CloudErrorCodes.FORMAT_MALFORMED + "/not-bootable"), findings);
		}
		long limitGib = this.limits.of(disk.diskIndex()).max();
		long allowed = ((disk.diskSizeGib() != null) ? disk.diskSizeGib() : limitGib) * GIB;
		if (header.virtualSize() > allowed) {
			String declared = (disk.diskSizeGib() != null) ? "disk_size_gib says " + disk.diskSizeGib()
					: "ImportImage takes at most %d (%s)".formatted(limitGib, DiskSizeLimits.settingOf(disk.diskIndex()));
			return failed(CloudErrorCodes.IMAGE_SIZE, "%s: the disk is %s GiB but %s".formatted(where,
					(header.virtualSize() + GIB - 1) / GIB, declared), hint(CloudErrorCodes.IMAGE_SIZE), findings);
		}
		return null;
	}

	private Verdict wrongRegion(ImageToVerify image, String where, String bucketRegion, List<DiskFinding> findings) {
		return failed(CloudErrorCodes.OSS_BUCKET_NOT_FOUND, "%s: the bucket is in %s, not in %s".formatted(where,
				bucketRegion, image.region()),
				hint(CloudErrorCodes.OSS_BUCKET_NOT_FOUND + "/other-region", image.region(), bucketRegion), findings);
	}

	/**
	 * An OSS answer about this image's own bucket or object (any 4xx: denied, missing, archived, a
	 * bad name, another region's endpoint) is the image's verdict, with the OSS code, the
	 * {@code oss://} path and a hint. Any other failure is rethrown, for {@link #verify} to sort.
	 */
	private Verdict imagesOwn(CloudCallException ex, ImageToVerify image, String where,
			List<DiskFinding> findings) {
		CloudFailure failure = ex.failure();
		if (failure.errorClass() != ErrorClass.PERMANENT) {
			throw ex;
		}
		String code = failure.code();
		if (ex.getCause() instanceof OSSException oss && (code.equals(CloudErrorCodes.PERMANENT_REDIRECT) || String
			.valueOf(oss.getErrorMessage())
			.contains("must be addressed using the specified endpoint"))) {
			// a GET's body names the right endpoint; a HEAD has no body, the SDK decodes it from x-oss-err
			String region = endpointRegion(oss.getRawResponseError());
			if (region == null && oss.getErrorFields() != null && oss.getErrorFields().get("Endpoint") != null) {
				region = endpointRegion("<Endpoint>" + oss.getErrorFields().get("Endpoint") + "</Endpoint>");
			}
			return wrongRegion(image, where, (region != null) ? region : "another region", findings);
		}
		if (code.equals(CloudErrorCodes.NO_SUCH_BUCKET)) {
			return failed(CloudErrorCodes.OSS_BUCKET_NOT_FOUND, "%s: the bucket does not exist (%s)".formatted(where,
					code), hint(CloudErrorCodes.OSS_BUCKET_NOT_FOUND + "/missing", image.region()), findings);
		}
		if (code.equals(CloudErrorCodes.NO_SUCH_KEY)) {
			return failed(CloudErrorCodes.OSS_OBJECT_NOT_FOUND, "%s: the object does not exist (%s)".formatted(where,
					code), hint(CloudErrorCodes.OSS_OBJECT_NOT_FOUND), findings);
		}
		return failed(code, "%s: %s: %s".formatted(where, code, failure.message()), this.catalogue.hint(failure),
				findings);
	}

	/** {@code <Endpoint>oss-cn-hangzhou.aliyuncs.com</Endpoint>} gives {@code cn-hangzhou}. */
	static String endpointRegion(String errorXml) {
		if (errorXml == null) {
			return null;
		}
		Matcher m = ENDPOINT.matcher(errorXml);
		return m.find() ? m.group(1) : null;
	}

	/**
	 * The bucket's region, asked once per bucket; {@link #LOCATION_DENIED} when GetBucketLocation is
	 * denied (a RAM user allowed objects only, a public-read bucket of another account): the caller
	 * then decides it another way.
	 */
	private String bucketRegion(ImageToVerify image, String bucket) {
		String known = this.bucketRegions.get(bucket);
		if (known != null) {
			return known;
		}
		String bucketRegion;
		try {
			String location = this.retrier.call(context(image), "OSS.GetBucketLocation", true,
					() -> this.clients.oss(image.region()).getBucketLocation(bucket));
			bucketRegion = location.startsWith("oss-") ? location.substring(4) : location;
		}
		catch (CloudCallException ex) {
			String code = ex.failure().code();
			if (ex.failure().errorClass() != ErrorClass.PERMANENT
					|| !(code.equals(CloudErrorCodes.ACCESS_DENIED) || code.equals(CloudErrorCodes.ACCESS_FORBIDDEN))) {
				throw ex;
			}
			bucketRegion = LOCATION_DENIED;
		}
		this.bucketRegions.put(bucket, bucketRegion);
		return bucketRegion;
	}

	/**
	 * No image may hold the name, unless it is this project's own, which is adopted. The name is
	 * looked up in the region's listing, not asked of ECS image by image: DescribeImages is limited
	 * per region like every action, and a wave of N images would spend N calls of it here. An image
	 * created after the listing is met by ImportImage's name-taken answer, which submit resolves.
	 */
	private Verdict checkName(ImageToVerify image, List<DiskFinding> findings) {
		OwnImages.Holder holder = listing(image).holder(image.name());
		if (holder == null) {
			return new Verdict(ImageStatus.VERIFIED, ImageChange.ok(), findings);
		}
		if (holder.ours() && !imported(holder.status())) {
			// an import of ours still running (Creating, Waiting) or one that ended badly (CreateFailed,
			// UnAvailable): not done. Submit's name-taken answer adopts it as SUBMITTED, so track follows
			// it to its real end instead of this run calling it imported.
			return new Verdict(ImageStatus.VERIFIED, ImageChange.ok(), findings);
		}
		if (holder.ours()) {
			return new Verdict(ImageStatus.ALREADY_IMPORTED,
					new ImageChange(null, "imported before, as " + holder.imageId(), null, null, holder.imageId(), null,
							0),
					findings);
		}
		return failed(CloudErrorCodes.IMAGE_NAME_DUPLICATED, "image %s (%s) already holds the name %s in %s".formatted(
				holder.imageId(), holder.status(), image.name(), image.region()),
				hint(CloudErrorCodes.IMAGE_NAME_DUPLICATED), findings);
	}

	/** DescribeImages' statuses of an image that was imported: usable, or usable and marked deprecated. */
	private static boolean imported(String status) {
		return "Available".equalsIgnoreCase(status) || "Deprecated".equalsIgnoreCase(status);
	}

	/**
	 * The region's listing, taken by the first thread that needs it while the region's others wait
	 * (other regions go on). A failed listing is not kept: the image's check fails by its class (a
	 * passing failure leaves it unchecked) and the next image lists again.
	 */
	private RegionImages listing(ImageToVerify image) {
		RegionImages known = this.listings.get(image.region());
		if (known != null) {
			return known;
		}
		synchronized (this.listingLocks.computeIfAbsent(image.region(), r -> new Object())) {
			known = this.listings.get(image.region());
			if (known == null) {
				known = this.ownImages.list(new CallContext(image.runId(), image.region(), null));
				this.listings.put(image.region(), known);
			}
			return known;
		}
	}

	private String hint(String key, Object... args) {
		return this.catalogue.hint(key, args);
	}

	private static CallContext context(ImageToVerify image) {
		return CallContext.of(image.runId(), image.region(), image.firstLine());
	}

	private static Verdict failed(String code, String message, String hint, List<DiskFinding> findings) {
		return new Verdict(ImageStatus.VERIFY_FAILED, ImageChange.failed(code, message, hint, null), findings);
	}

}
