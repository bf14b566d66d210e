package io.ecsmigrator.preflight;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.http.MethodType;
import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.CloudErrorCodes;
import io.ecsmigrator.cloud.Endpoint;
import io.ecsmigrator.cloud.Retrier;

/**
 * Once per run, before any import: ECS reads OSS through the RAM role
 * {@code AliyunECSImageImportDefaultRole}, which must exist and hold a policy. Without it every
 * import fails, so the run stops first and says how to fix it.
 */
public class ImportRoleCheck {

	public static final String ROLE = "AliyunECSImageImportDefaultRole";

	public static final String POLICY = "AliyunECSImageImportRolePolicy";

	/** @param problem what is missing, or {@code null} when the role is ready */
	public record Result(String problem, String fix) {

		public boolean ready() {
			return this.problem == null;
		}

	}

	private final CloudClients clients;

	private final Retrier retrier;

	/** The fix: the same as ECS's answer when the role is missing ({@code NoSetRoletoECSServiceAcount}). */
	private final String fix;

	public ImportRoleCheck(CloudClients clients, Retrier retrier, ErrorCatalogue catalogue) {
		this.clients = clients;
		this.retrier = retrier;
		this.fix = catalogue.hint(CloudErrorCodes.NO_IMPORT_ROLE);
	}

	public Result check() {
		return check(CallContext.NONE);
	}

	/** @param context the run the check is for, for the audit of its calls */
	public Result check(CallContext context) {
		try {
			call(context, "GetRole");
		}
		catch (CloudCallException ex) {
			if (ex.failure().code().equals(CloudErrorCodes.ROLE_NOT_FOUND)) {
				return new Result("the RAM role " + ROLE + " does not exist", this.fix);
			}
			throw ex;
		}
		String policies = call(context, "ListPoliciesForRole");
		if (!policies.contains("\"PolicyName\"")) {
			return new Result("the RAM role " + ROLE + " has no policy attached", this.fix);
		}
		return new Result(null, null);
	}

	private String call(CallContext context, String action) {
		CommonRequest request = new CommonRequest();
		request.setSysMethod(MethodType.POST);
		Endpoint ram = this.clients.ramEndpoint();
		request.setSysDomain(ram.hostAndPort());
		request.setSysProtocol(ram.protocol());
		request.setSysVersion("2015-05-01");
		request.setSysAction(action);
		request.putQueryParameter("RoleName", ROLE);
		return this.retrier.call(context, "RAM." + action, true, () -> this.clients.acs().getCommonResponse(request)).getData();
	}

}
