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

/**
 * Keeps each region within the account's quotas of custom images and snapshots. Before the first
 * import of each chunk in a region it asks the cloud what the region holds (every image counts,
 * this run's imports in flight included); then it counts each import it lets through. A region
 * without room is deferred, as is one whose ImportImage answered {@code QuotaExceed.*}: its
 * remaining images wait for a later run, and the other regions go on. Thread-safe.
 */
public class QuotaGuard {

	private final CloudClients clients;

	private final Retrier retrier;

	private final SubmitProperties.Quota quota;

	private final long runId;

	private final OwnImages ownImages;

	private final Map<String, RegionCount> regions = new ConcurrentHashMap<>();

	private final Map<String, CloudFailure> deferred = new ConcurrentHashMap<>();

	public QuotaGuard(CloudClients clients, Retrier retrier, SubmitProperties.Quota quota, long runId) {
		this.clients = clients;
		this.retrier = retrier;
		this.quota = quota;
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
		if (known != null || (this.quota.images() <= 0 && this.quota.snapshots() <= 0)) {
			return known;
		}
		RegionCount count = this.regions.computeIfAbsent(region, r -> new RegionCount());
		synchronized (count) {
			if (count.stale) {
				count.images = (this.quota.images() > 0) ? imagesHeld(region) : 0;
				count.snapshots = (this.quota.snapshots() > 0) ? snapshotsHeld(region) : 0;
				count.stale = false;
			}
			if (this.quota.images() > 0 && count.images + 1 > this.quota.images()) {
				return defer(region, CloudErrorCodes.QUOTA_IMAGE, "%s holds %d custom images: its quota is %d".formatted(region,
						count.images, this.quota.images()));
			}
			if (this.quota.snapshots() > 0 && count.snapshots + disks > this.quota.snapshots()) {
				return defer(region, CloudErrorCodes.QUOTA_SNAPSHOT, "%s holds %d snapshots, and this image needs %d more: "
						.formatted(region, count.snapshots, disks) + "its quota is " + this.quota.snapshots());
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
		CloudFailure failure = new CloudFailure(ErrorClass.QUOTA, code, message + " (migrator.submit.quota)", null,
				null, ErrorClassifier.hintKey(code, ErrorClass.QUOTA));
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
