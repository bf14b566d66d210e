package io.ecsmigrator.sandbox;

import java.util.List;
import java.util.Map;

/** The RAM calls of the import-role check: GetRole and ListPoliciesForRole, of the default and custom roles. */
final class RamService {

	static final String VERSION = "2015-05-01";

	private static final String TRUST_POLICY = "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\","
			+ "\"Principal\":{\"Service\":[\"ecs.aliyuncs.com\"]}}],\"Version\":\"1\"}";

	/** A role that the account's own RAM users may assume, which ECS cannot (CreateRole's example). */
	private static final String USERS_TRUST_POLICY = "{\"Statement\":[{\"Action\":\"sts:AssumeRole\","
			+ "\"Effect\":\"Allow\",\"Principal\":{\"RAM\":[\"acs:ram::1:root\"]}}],\"Version\":\"1\"}";

	private final Scenario scenario;

	private final Scenario.Account account;

	RamService(Scenario scenario) {
		this.scenario = scenario;
		this.account = scenario.account();
	}

	Map<String, Object> handle(RpcRequest request) {
		String accessKeyId = request.get("AccessKeyId").orElse("");
		if (this.scenario.accessKeys().stream().anyMatch(k -> k.id().equals(accessKeyId) && k.ramDenied())) {
			// RAM's answer to a caller without the action's right, HTTP 403 (seen in
			// alibaba-archive/fcli#48: "HttpStatus": 403, "Code": "NoPermission")
			throw new CloudError(403, "NoPermission", "You are not authorized to do this action. Resource: acs:ram:*:1:role/"
					+ request.get("RoleName").orElse("*") + " Action: ram:" + request.action());
		}
		return switch (request.action()) {
			case "GetRole" -> getRole(request);
			case "ListPoliciesForRole" -> listPoliciesForRole(request);
			default -> throw new CloudError(404, "InvalidAction.NotFound",
					"Specified api is not found, please check your url and method.");
		};
	}

	/** The role the request names: the default import role, or one of the account's custom roles. */
	private Scenario.Role requireRole(RpcRequest request) {
		String name = request.require("RoleName");
		if (name.equals(Scenario.Account.ROLE) && this.account.importRole()) {
			return new Scenario.Role(name, true, this.account.importRolePolicy());
		}
		return this.account.role(name)
			.orElseThrow(() -> new CloudError(404, "EntityNotExist.Role",
					"The role not exists: acs:ram::1:role/" + name + "."));
	}

	private Map<String, Object> getRole(RpcRequest request) {
		Scenario.Role role = requireRole(request);
		return Map.of("Role", Map.of("RoleId", "30080000000000" + Math.abs(role.name().hashCode() % 10000), "RoleName",
				role.name(), "Arn", "acs:ram::1:role/" + role.name().toLowerCase(java.util.Locale.ROOT), "Description",
				"The role ECS uses to read OSS when it imports images", "AssumeRolePolicyDocument",
				role.trustsEcs() ? TRUST_POLICY : USERS_TRUST_POLICY, "CreateDate", "2024-01-01T00:00:00Z",
				"MaxSessionDuration", 3600));
	}

	private Map<String, Object> listPoliciesForRole(RpcRequest request) {
		String policy = requireRole(request).policy();
		List<Map<String, Object>> policies = "none".equals(policy) ? List.of()
				: List.of(Map.of("PolicyName", policy, "PolicyType",
						policy.equals(Scenario.Account.POLICY) ? "System" : "Custom", "DefaultVersion", "v1",
						"Description", "Lets ECS read image files in OSS", "AttachDate", "2024-01-01T00:00:00Z"));
		return Map.of("Policies", Map.of("Policy", policies));
	}

}
