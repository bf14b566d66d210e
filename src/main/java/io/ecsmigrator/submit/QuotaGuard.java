package io.ecsmigrator.submit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.aliyuncs.ecs.model.v20140526.DescribeSnapshotsRequest;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.CloudErrorCodes;
import io.ecsmigrator.cloud.CloudFailure;
import io.ecsmigrator.cloud.ErrorClass;
import io.ecsmigrator.cloud.ErrorClassifier;
import io.ecsmigrator.cloud.Retrier;
import io.ecsmigrator.images.OwnImages;
import io.ecsmigrator.ledger.RegionQuota;
import io.ecsmigrator.ledger.RegionQuotaRepository;

/**
 * Keeps each region within the account's quotas of custom images and snapshots ({@link RegionQuotas}:
 * Quota Center or the settings). Before the first
 * import of each chunk in a region it asks the cloud what the region holds (every image counts,
 * this run's imports in flight included); then it counts each import it lets through. A region
 * without room is deferred, as is one whose ImportImage answered {@code QuotaExceed.*}: its
 * remaining images wait for a later run, and the other regions go on. Thread-safe.
 */
public class QuotaGuard {

	private final CloudClients clients;

	private final Retrier retrier;

	private final RegionQuotas quotas;

	private final long runId;

	private final OwnImages ownImages;

	private final Map<String, RegionCount> regions = new ConcurrentHashMap<>();

	private final Map<String, CloudFailure> deferred = new ConcurrentHashMap<>();

	public QuotaGuard(CloudClients clients, Retrier retrier, SubmitProperties.Quota quota, long runId) {
		this(clients, retrier, quota, runId, null);
	}

	/** @param records where each region's quotas and their sources are kept, or {@code null} */
	public QuotaGuard(CloudClients clients, Retrier retrier, SubmitProperties.Quota quota, long runId,
			RegionQuotaRepository records) {
		this.clients = clients;
		this.retrier = retrier;
		this.quotas = new RegionQuotas(clients, retrier, quota, runId, records);
		this.runId = runId;
		this.ownImages = new OwnImages(clients, retrier);
	}

	/** What the guard knows of a region since it last asked. */
	private static final class RegionCount {

		long images;

		long snapshots;

		boolean stale = true;

	}

	/**
	 * Takes room for one image of {@code disks} disks.
	 *
	 * @return why the region has no room, or {@code null} when the import may go
	 */
	public CloudFailure reserve(String region, int disks) {
		CloudFailure known = this.deferred.get(region);
		if (known != null) {
			return known;
		}
		RegionQuota quota = this.quotas.of(region);
		if (quota.images() <= 0 && quota.snapshots() <= 0) {
			return null;
		}
		RegionCount count = this.regions.computeIfAbsent(region, r -> new RegionCount());
		synchronized (count) {
			if (count.stale) {
				count.images = (quota.images() > 0) ? imagesHeld(region) : 0;
				count.snapshots = (quota.snapshots() > 0) ? snapshotsHeld(region) : 0;
				count.stale = false;
			}
			if (quota.images() > 0 && count.images + 1 > quota.images()) {
				return defer(region, CloudErrorCodes.QUOTA_IMAGE, "%s holds %d custom images: its quota is %d (%s)"
					.formatted(region, count.images, quota.images(), quota.imagesSource()));
			}
			if (quota.snapshots() > 0 && count.snapshots + disks > quota.snapshots()) {
				return defer(region, CloudErrorCodes.QUOTA_SNAPSHOT,
						"%s holds %d snapshots, and this image needs %d more: ".formatted(region, count.snapshots, disks)
								+ "its quota is %d (%s)".formatted(quota.snapshots(), quota.snapshotsSource()));
			}
			count.images++;
			count.snapshots += disks;
			return null;
		}
	}

	/** The API answered {@code QuotaExceed.*}: the region's remaining images are deferred. */
	public void exceeded(String region, CloudFailure failure) {
		this.deferred.putIfAbsent(region, failure);
	}

	/** A chunk ended: the next one asks the cloud again, since imports may have ended or failed. */
	public void chunkDone() {
		this.regions.values().forEach(count -> {
			synchronized (count) {
				count.stale = true;
			}
		});
	}

	private CloudFailure defer(String region, String code, String message) {
		CloudFailure failure = new CloudFailure(ErrorClass.QUOTA, code, message, null, null,
				ErrorClassifier.hintKey(code, ErrorClass.QUOTA));
		this.deferred.putIfAbsent(region, failure);
		return this.deferred.get(region);
	}

	private long imagesHeld(String region) {
		return this.ownImages.count(new CallContext(this.runId, region, null), OwnImages.LIVE, false);
	}

	private long snapshotsHeld(String region) {
		DescribeSnapshotsRequest request = this.clients.ecs(new DescribeSnapshotsRequest(), region);
		request.setPageSize(1);
		return this.retrier
			.call(new CallContext(this.runId, region, null), "DescribeSnapshots", true,
					() -> this.clients.acs().getAcsResponse(request))
			.getTotalCount();
	}

}
