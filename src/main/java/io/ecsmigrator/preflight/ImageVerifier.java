package io.ecsmigrator.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.aliyun.oss.OSSException;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudClients;
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

	public ImageVerifier(CloudClients clients, Retrier retrier) {
		this.clients = clients;
		this.retrier = retrier;
		this.ownImages = new OwnImages(clients, retrier);
	}

	/**
	 * @throws CloudCallException for a failure that is not the image's: account, exhausted retries
	 */
	public Verdict verify(ImageToVerify image) {
		if (!regions(image.runId()).contains(image.region())) {
			return failed("RegionId.NotFound", "region %s is not one of the account's regions".formatted(image.region()),
					"use a region id that DescribeRegions lists", List.of());
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
			if (notFound(ex, "NoSuchBucket")) {
				return failed("InvalidOSSBucket.NotFound", "%s: the bucket does not exist".formatted(where),
						"fix oss_bucket, or create the bucket in " + image.region(), findings);
			}
			throw ex;
		}
		if (!bucketRegion.equals(image.region())) {
			return failed("InvalidOSSBucket.NotFound", "%s: the bucket is in %s, not in %s".formatted(where,
					bucketRegion, image.region()),
					"ImportImage reads only from a bucket of the image's region: copy the file to a bucket in %s, or "
						.formatted(image.region()) + "import the image into " + bucketRegion,
					findings);
		}
		DiskProbe.ProbedDisk probed;
		try {
			probed = this.retrier.call(context(image), "OSS.ReadDiskHeader", true,
					() -> DiskProbe.probe(this.clients.oss(image.region()), disk.bucket(), disk.object()));
		}
		catch (CloudCallException ex) {
			if (notFound(ex, "NoSuchKey")) {
				return failed("InvalidOSSObject.NotFound", "%s: the object does not exist".formatted(where),
						"upload the disk file, or fix oss_object", findings);
			}
			throw ex;
		}
		DiskHeader header = probed.header();
		findings.add(new DiskFinding(disk.lineNo(), probed.objectSize(), header.format().apiName(),
				header.virtualSize()));
		if (!header.importable()) {
			return failed("InvalidFormat.Malformed", "%s: %s (%s)".formatted(where, header.problem(),
					header.format().apiName()), header.fix(), findings);
		}
		if (disk.diskIndex() == 1 && header.format() == DiskHeader.Format.RAW && header.detail().equals("none")) {
			return failed("InvalidFormat.Malformed",
					"%s: no image format and no MBR or GPT partition table: this is not a bootable disk".formatted(where),
					"check that the file is the system disk; export it again as qcow2, VHD or RAW", findings);
		}
		long limitGib = (disk.diskIndex() == 1) ? 500 : 1000;
		long allowed = ((disk.diskSizeGib() != null) ? disk.diskSizeGib() : limitGib) * GIB;
		if (header.virtualSize() > allowed) {
			String declared = (disk.diskSizeGib() != null) ? "disk_size_gib says " + disk.diskSizeGib()
					: "ImportImage takes at most " + limitGib;
			return failed("InvalidImageSize", "%s: the disk is %s GiB but %s".formatted(where,
					(header.virtualSize() + GIB - 1) / GIB, declared),
					"set disk_size_gib at least to the disk's virtual size (qemu-img info shows it)", findings);
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
		return failed("InvalidImageName.Duplicated", "image %s (%s) already holds the name %s in %s".formatted(
				holder.imageId(), holder.status(), image.name(), image.region()),
				"rename the image in the inventory, or delete the existing image", findings);
	}

	private static CallContext context(ImageToVerify image) {
		return CallContext.of(image.runId(), image.region(), image.firstLine());
	}

	private static Verdict failed(String code, String message, String hint, List<DiskFinding> findings) {
		return new Verdict(ImageStatus.VERIFY_FAILED, ImageChange.failed(code, message, hint, null), findings);
	}

}
