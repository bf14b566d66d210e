package io.ecsmigrator.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.aliyun.oss.OSSException;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.CloudErrorCodes;
import io.ecsmigrator.cloud.ErrorClass;
import io.ecsmigrator.cloud.Retrier;
import io.ecsmigrator.images.OwnImages;
import io.ecsmigrator.ledger.DiskFinding;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageStatus;

/**
 * The read-only checks of one image against the cloud before anything is imported: its region
 * exists; each disk's bucket exists in that region and its object exists; each disk's header says
 * a format ECS imports and a size that fits; no image of that name exists already (one of this
 * project's, found by its tag, is adopted as {@code ALREADY_IMPORTED}). Failures of the image are
 * answered in the API's vocabulary; failures of the account or the infrastructure are thrown, to
 * stop the run.
 * <p>
 * Thread-safe: regions and bucket locations are looked up once and shared by the threads of a
 * partitioned step.
 */
public class ImageVerifier {

	private static final long GIB = 1L << 30;

	/** ECS's first region: DescribeRegions answers from any region, and this one always exists. */
	static final String HOME_REGION = "cn-hangzhou";

	private final CloudClients clients;

	private final Retrier retrier;

	private final OwnImages ownImages;

	private final Map<String, String> bucketRegions = new ConcurrentHashMap<>();

	private volatile Set<String> regions;

	private final ErrorCatalogue catalogue;

	public ImageVerifier(CloudClients clients, Retrier retrier, ErrorCatalogue catalogue) {
		this.clients = clients;
		this.retrier = retrier;
		this.catalogue = catalogue;
		this.ownImages = new OwnImages(clients, retrier);
	}

	/**
	 * @throws CloudCallException for a failure that is not the image's: account, exhausted retries
	 */
	public Verdict verify(ImageToVerify image) {
		if (!regions(image.runId()).contains(image.region())) {
			return failed(CloudErrorCodes.REGION_NOT_FOUND,
					"region %s is not one of the account's regions".formatted(image.region()),
					hint(CloudErrorCodes.REGION_NOT_FOUND), List.of());
		}
		List<DiskFinding> findings = new ArrayList<>();
		for (ImageToVerify.Disk disk : image.disks()) {
			Verdict problem = checkDisk(image, disk, findings);
			if (problem != null) {
				return problem;
			}
		}
		return checkName(image, findings);
	}

	/**
	 * The account's regions, asked once of a region that always exists: asking the image's own
	 * region would send a mistyped region id to an endpoint that does not resolve, and that failure
	 * (transient, retried, then thrown) would stop the run instead of failing the one image.
	 */
	private Set<String> regions(long runId) {
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

	private Verdict checkDisk(ImageToVerify image, ImageToVerify.Disk disk, List<DiskFinding> findings) {
		String where = "disk %d (line %d), oss://%s/%s".formatted(disk.diskIndex(), disk.lineNo(), disk.bucket(),
				disk.object());
		String bucketRegion;
		try {
			bucketRegion = bucketRegion(image, disk.bucket());
		}
		catch (CloudCallException ex) {
			if (notFound(ex, CloudErrorCodes.NO_SUCH_BUCKET)) {
				return failed(CloudErrorCodes.OSS_BUCKET_NOT_FOUND, "%s: the bucket does not exist".formatted(where),
						hint(CloudErrorCodes.OSS_BUCKET_NOT_FOUND + "/missing", image.region()), findings);
			}
			throw ex;
		}
		if (!bucketRegion.equals(image.region())) {
			return failed(CloudErrorCodes.OSS_BUCKET_NOT_FOUND, "%s: the bucket is in %s, not in %s".formatted(where,
					bucketRegion, image.region()),
					hint(CloudErrorCodes.OSS_BUCKET_NOT_FOUND + "/other-region", image.region(), bucketRegion),
					findings);
		}
		DiskProbe.ProbedDisk probed;
		try {
			probed = this.retrier.call(context(image), "OSS.ReadDiskHeader", true,
					() -> DiskProbe.probe(this.clients.oss(image.region()), disk.bucket(), disk.object()));
		}
		catch (CloudCallException ex) {
			if (notFound(ex, CloudErrorCodes.NO_SUCH_KEY)) {
				return failed(CloudErrorCodes.OSS_OBJECT_NOT_FOUND, "%s: the object does not exist".formatted(where),
						hint(CloudErrorCodes.OSS_OBJECT_NOT_FOUND), findings);
			}
			throw ex;
		}
		DiskHeader header = probed.header();
		findings.add(new DiskFinding(disk.lineNo(), probed.objectSize(), header.format().apiName(),
				header.virtualSize()));
		if (!header.importable()) {
			return failed(CloudErrorCodes.FORMAT_MALFORMED, "%s: %s (%s)".formatted(where, header.problem(),
					header.format().apiName()), header.fix(), findings);
		}
		if (disk.diskIndex() == 1 && header.format() == DiskHeader.Format.RAW && header.detail().equals("none")) {
			return failed(CloudErrorCodes.FORMAT_MALFORMED,
					"%s: no image format and no MBR or GPT partition table: this is not a bootable disk".formatted(where),
					hint(CloudErrorCodes.FORMAT_MALFORMED + "/not-bootable"), findings);
		}
		long limitGib = (disk.diskIndex() == 1) ? 500 : 1000;
		long allowed = ((disk.diskSizeGib() != null) ? disk.diskSizeGib() : limitGib) * GIB;
		if (header.virtualSize() > allowed) {
			String declared = (disk.diskSizeGib() != null) ? "disk_size_gib says " + disk.diskSizeGib()
					: "ImportImage takes at most " + limitGib;
			return failed(CloudErrorCodes.IMAGE_SIZE, "%s: the disk is %s GiB but %s".formatted(where,
					(header.virtualSize() + GIB - 1) / GIB, declared), hint(CloudErrorCodes.IMAGE_SIZE), findings);
		}
		return null;
	}

	private String bucketRegion(ImageToVerify image, String bucket) {
		String known = this.bucketRegions.get(bucket);
		if (known != null) {
			return known;
		}
		String location = this.retrier.call(context(image), "OSS.GetBucketLocation", true,
				() -> this.clients.oss(image.region()).getBucketLocation(bucket));
		String bucketRegion = location.startsWith("oss-") ? location.substring(4) : location;
		this.bucketRegions.put(bucket, bucketRegion);
		return bucketRegion;
	}

	private static boolean notFound(CloudCallException ex, String code) {
		return ex.failure().errorClass() == ErrorClass.PERMANENT && ex.failure().code().equals(code)
				&& ex.getCause() instanceof OSSException;
	}

	/** No image may hold the name, unless it is this project's own, which is adopted. */
	private Verdict checkName(ImageToVerify image, List<DiskFinding> findings) {
		OwnImages.Holder holder = this.ownImages.holder(context(image), image.name());
		if (holder == null) {
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
