package io.ecsmigrator.submit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.aliyuncs.CommonRequest;
import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.catalogue.TextKeys;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.CloudJson;
import io.ecsmigrator.cloud.Retrier;
import io.ecsmigrator.ledger.RegionQuota;
import io.ecsmigrator.ledger.RegionQuotaRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Each region's quotas, found once per launch: the custom-image quota from Quota Center where the
 * key may read it ({@code quotas} API 2020-05-10, {@code ListProductQuotas} of product {@code ecs},
 * quota {@code q_user-image-count}, dimension {@code regionId}; its {@code TotalQuota}), else the
 * region's setting, else the account-wide one. Snapshots have no per-account quota in the public
 * references (their limits are per disk), so only the settings give one. Where Quota Center cannot
 * be read the settings serve without failing the run, and the migrator says so once. Thread-safe.
 */
class RegionQuotas {

	static final String IMAGE_QUOTA = "q_user-image-count";

	private static final Logger logger = LoggerFactory.getLogger(RegionQuotas.class);

	private final CloudClients clients;

	private final Retrier retrier;

	private final SubmitProperties.Quota settings;

	private final long runId;

	private final RegionQuotaRepository records;

	private final Map<String, RegionQuota> regions = new ConcurrentHashMap<>();

	private final AtomicBoolean quotaCenterUnreadable = new AtomicBoolean();

	/** @param records where the quotas are kept for {@code status}, or {@code null} */
	RegionQuotas(CloudClients clients, Retrier retrier, SubmitProperties.Quota settings, long runId,
			RegionQuotaRepository records) {
		this.clients = clients;
		this.retrier = retrier;
		this.settings = settings;
		this.runId = runId;
		this.records = records;
	}

	RegionQuota of(String region) {
		return this.regions.computeIfAbsent(region, this::find);
	}

	private RegionQuota find(String region) {
		SubmitProperties.RegionLimits own = this.settings.regions().get(region);
		long images = 0;
		String imagesSource = RegionQuota.UNCHECKED;
		Long read = this.settings.fromQuotaCenter() ? readImageQuota(region) : null;
		if (read != null) {
			images = read;
			imagesSource = RegionQuota.QUOTA_CENTER;
		}
		else if (own != null && own.images() > 0) {
			images = own.images();
			imagesSource = "migrator.submit.quota.regions." + region + ".images";
		}
		else if (this.settings.images() > 0) {
			images = this.settings.images();
			imagesSource = "migrator.submit.quota.images";
		}
		long snapshots = 0;
		String snapshotsSource = RegionQuota.UNCHECKED;
		if (own != null && own.snapshots() > 0) {
			snapshots = own.snapshots();
			snapshotsSource = "migrator.submit.quota.regions." + region + ".snapshots";
		}
		else if (this.settings.snapshots() > 0) {
			snapshots = this.settings.snapshots();
			snapshotsSource = "migrator.submit.quota.snapshots";
		}
		RegionQuota quota = new RegionQuota(region, images, imagesSource, snapshots, snapshotsSource);
		if (this.records != null) {
			this.records.record(this.runId, quota);
		}
		return quota;
	}

	/** The region's custom-image quota from Quota Center, or {@code null} if it cannot be read. */
	private Long readImageQuota(String region) {
		CommonRequest request = this.clients.quotaCenter("ListProductQuotas");
		request.putQueryParameter("ProductCode", "ecs");
		request.putQueryParameter("QuotaActionCode", IMAGE_QUOTA);
		request.putQueryParameter("Dimensions.1.Key", "regionId");
		request.putQueryParameter("Dimensions.1.Value", region);
		try {
			String body = this.retrier
				.call(new CallContext(this.runId, null, null), "ListProductQuotas", true,
						() -> this.clients.acs().getCommonResponse(request))
				.getData();
			for (JsonNode quota : CloudJson.read(body).path("Quotas")) {
				if (IMAGE_QUOTA.equals(quota.path("QuotaActionCode").asString(""))
						&& region.equals(quota.path("Dimensions").path("regionId").asString(region))
						&& quota.path("TotalQuota").asDouble(0) > 0) {
					return (long) quota.path("TotalQuota").asDouble();
				}
			}
			unreadable("it lists no " + IMAGE_QUOTA + " for " + region);
			return null;
		}
		catch (CloudCallException ex) {
			unreadable(ex.failure().code() + ": " + ex.failure().message());
			return null;
		}
		catch (RuntimeException ex) {
			unreadable("its answer could not be read (" + ex.getClass().getSimpleName() + ")");
			return null;
		}
	}

	private void unreadable(String why) {
		if (this.quotaCenterUnreadable.compareAndSet(false, true)) {
			// the log is English, as the report is: the catalogue's own bundle, not a run's
			logger.warn(ErrorCatalogue.english().hint(TextKeys.QUOTA_CENTER_UNREADABLE, why));
		}
	}

}
