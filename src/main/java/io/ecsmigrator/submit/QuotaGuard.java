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
 * import in a region it asks the cloud what the region holds (every image counts, this run's
 * imports in flight included); then it counts each import it lets through, and asks again after
 * every {@link #lookAgain} (imports may have failed, images been deleted). A look after the first
 * holds no import up: the others go on against the count it will replace, and what they take meanwhile
 * is added to the new count (an import the look already saw is then counted twice, which errs on
 * the safe side until the next look). A region
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

		/** Never asked: the first look holds the region's imports until it answers. */
		boolean known;

		boolean stale = true;

		boolean looking;

		/** Taken while a look was out: added to what the look answers. */
		long imagesMeanwhile;

		long snapshotsMeanwhile;

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
		boolean look;
		synchronized (count) {
			if (!count.known) {
				count.images = (quota.images() > 0) ? imagesHeld(region) : 0;
				count.snapshots = (quota.snapshots() > 0) ? snapshotsHeld(region) : 0;
				count.known = true;
				count.stale = false;
			}
			look = count.stale && !count.looking;
			if (look) {
				count.looking = true;
				count.stale = false;
				count.imagesMeanwhile = 0;
				count.snapshotsMeanwhile = 0;
			}
		}
		if (look) {
			lookOutsideTheLock(region, quota, count);
		}
		synchronized (count) {
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
			if (count.looking) {
				count.imagesMeanwhile++;
				count.snapshotsMeanwhile += disks;
			}
			return null;
		}
	}

	/** Asks the cloud again while the region's other imports go on; a failed look keeps the old count. */
	private void lookOutsideTheLock(String region, RegionQuota quota, RegionCount count) {
		long images = -1;
		long snapshots = -1;
		try {
			images = (quota.images() > 0) ? imagesHeld(region) : 0;
			snapshots = (quota.snapshots() > 0) ? snapshotsHeld(region) : 0;
		}
		finally {
			synchronized (count) {
				if (images >= 0 && snapshots >= 0) {
					count.images = images + count.imagesMeanwhile;
					count.snapshots = snapshots + count.snapshotsMeanwhile;
				}
				else {
					count.stale = true; // the look failed: the next import asks again
				}
				count.looking = false;
			}
		}
	}

	/**
	 * Gives back the room {@link #reserve} took for an image that was not sent after all (the run
	 * stopped, or another process moved it first), so that it does not count until the next look.
	 */
	public void release(String region, int disks) {
		RegionCount count = this.regions.get(region);
		if (count == null) {
			return; // nothing was counted: the region's quotas are not checked
		}
		synchronized (count) {
			count.images = Math.max(0, count.images - 1);
			count.snapshots = Math.max(0, count.snapshots - disks);
			if (count.looking) {
				count.imagesMeanwhile--;
				count.snapshotsMeanwhile -= disks;
			}
		}
	}

	/** The API answered {@code QuotaExceed.*}: the region's remaining images are deferred. */
	public void exceeded(String region, CloudFailure failure) {
		this.deferred.putIfAbsent(region, failure);
	}

	/** The next import of each region asks the cloud again, since imports may have ended or failed. */
	public void lookAgain() {
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
