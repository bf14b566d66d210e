package io.ecsmigrator.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Quota Center ({@code quotas}, version 2020-05-10): {@code ListProductQuotas} for ECS's custom
 * image quota per region, {@code q_user-image-count} ("the maximum number of custom images an
 * account can retain per region", ECS's Limits page), from the scenario's {@code imageQuota} and the
 * images the region holds.
 * <p>
 * Request and answer as the API reference of ListProductQuotas documents them: {@code ProductCode},
 * {@code QuotaActionCode}, {@code Dimensions.N.Key}/{@code .Value} (the key {@code regionId}); the
 * answer's {@code Quotas} is a plain JSON array (a newer API, no item wrapper) whose entries carry
 * {@code QuotaActionCode}, {@code QuotaName}, {@code TotalQuota}, {@code TotalUsage} and
 * {@code Dimensions} as an object. A key without the right gets 403 {@code NoPermission} (assumed:
 * RAM's code for a denied action; the reference lists no denial code).
 */
final class QuotaCenterService {

	static final String VERSION = "2020-05-10";

	static final String IMAGE_QUOTA = "q_user-image-count";

	private final Scenario scenario;

	private final EcsService ecs;

	QuotaCenterService(Scenario scenario, EcsService ecs) {
		this.scenario = scenario;
		this.ecs = ecs;
	}

	Map<String, Object> handle(RpcRequest request) {
		String accessKeyId = request.get("AccessKeyId").orElse("");
		if (this.scenario.accessKeys().stream().anyMatch(k -> k.id().equals(accessKeyId) && k.quotasDenied())) {
			throw new CloudError(403, "NoPermission",
					"You are not authorized to do this action. Action: quotas:" + request.action());
		}
		if (!request.action().equals("ListProductQuotas")) {
			throw new CloudError(404, "InvalidAction.NotFound",
					"Specified api is not found, please check your url and method.");
		}
		String product = request.require("ProductCode");
		Optional<String> action = request.get("QuotaActionCode");
		Optional<String> region = dimension(request, "regionId");
		List<Map<String, Object>> quotas = !product.equals("ecs")
				|| action.filter(code -> !code.equals(IMAGE_QUOTA)).isPresent() ? List.of()
						: this.scenario.regions()
							.stream()
							.filter(r -> region.map(r.id()::equals).orElse(true))
							.map(r -> Map.<String, Object>of("QuotaActionCode", IMAGE_QUOTA, "QuotaName",
									"Maximum number of custom images per region", "ProductCode", "ecs", "TotalQuota",
									r.imageQuota().doubleValue(), "TotalUsage", (double) this.ecs.imagesHeld(r.id()),
									"Adjustable", true, "Dimensions", Map.of("regionId", r.id())))
							.toList();
		return Map.of("TotalCount", quotas.size(), "MaxResults", 30, "Quotas", quotas);
	}

	private static Optional<String> dimension(RpcRequest request, String key) {
		for (int n = 1; n <= 10; n++) {
			Optional<String> k = request.get("Dimensions." + n + ".Key");
			if (k.isEmpty()) {
				return Optional.empty();
			}
			if (k.get().equals(key)) {
				return request.get("Dimensions." + n + ".Value");
			}
		}
		return Optional.empty();
	}

}
