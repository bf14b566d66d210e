package io.ecsmigrator.preflight;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.http.MethodType;
import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.catalogue.TextKeys;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.CloudErrorCodes;
import io.ecsmigrator.cloud.CloudJson;
import io.ecsmigrator.cloud.CloudFailure;
import io.ecsmigrator.cloud.ErrorClass;
import io.ecsmigrator.cloud.Endpoint;
import io.ecsmigrator.cloud.Retrier;
import io.ecsmigrator.inventory.ImportDefaults;
import tools.jackson.databind.JsonNode;

/**
 * Before any import, once per distinct role of the run: ECS reads OSS through a RAM role, by
 * default {@code AliyunECSImageImportDefaultRole}, or the one ImportImage's {@code RoleName} names,
 * which must exist and hold a policy; a custom role must also trust {@code ecs.aliyuncs.com}
 * (its {@code AssumeRolePolicyDocument}), as the default role does. Without it the imports that
 * use the role fail; what the run does about that is the caller's ({@code importRole} step).
 */
public class ImportRoleCheck {

	public static final String ROLE = ImportDefaults.DEFAULT_ROLE;

	/** The service that assumes the import role (ImportImage reference: the trust policy's principal). */
	static final String ECS_SERVICE = "ecs.aliyuncs.com";

	public static final String POLICY = "AliyunECSImageImportRolePolicy";

	/** The RAM actions the check needs, which a least-privilege operator (ECS and OSS only) lacks. */
	static final String ACTIONS = "ram:GetRole and ram:ListPoliciesForRole";

	/**
	 * @param problem what is missing, or {@code null} when the role is ready or could not be verified
	 * @param warning why the role could not be verified (the run goes on), or {@code null}
	 */
	public record Result(String problem, String fix, String warning) {

		public Result(String problem, String fix) {
			this(problem, fix, null);
		}

		public boolean ready() {
			return this.problem == null;
		}

	}

	private final CloudClients clients;

	private final Retrier retrier;

	private final ErrorCatalogue catalogue;

	/** The fix: the same as ECS's answer when the role is missing ({@code NoSetRoletoECSServiceAcount}). */
	private final String fix;

	public ImportRoleCheck(CloudClients clients, Retrier retrier, ErrorCatalogue catalogue) {
		this.clients = clients;
		this.retrier = retrier;
		this.catalogue = catalogue;
		this.fix = catalogue.hint(CloudErrorCodes.NO_IMPORT_ROLE);
	}

	public Result check() {
		return check(CallContext.NONE);
	}

	/** The default role, {@link #ROLE}. */
	public Result check(CallContext context) {
		return check(context, ROLE);
	}

	/**
	 * A denial of the RAM calls themselves ({@code NoPermission}, or any other 403) or RAM not
	 * answering through the retries means "could not verify": a warning naming the two actions, and
	 * the run goes on; ImportImage's own role error ({@code NoSetRoletoECSServiceAcount}) stops it if
	 * the role is really missing.
	 *
	 * @param context the run the check is for, for the audit of its calls
	 * @param role the role's name
	 */
	public Result check(CallContext context, String role) {
		String policies;
		String fix = role.equals(ROLE) ? this.fix
				: this.catalogue.hint(CloudErrorCodes.NO_IMPORT_ROLE_CUSTOM_HINT, role);
		try {
			String found;
			try {
				found = call(context, "GetRole", role);
			}
			catch (CloudCallException ex) {
				if (ex.failure().code().equals(CloudErrorCodes.ROLE_NOT_FOUND)) {
					return new Result("the RAM role " + role + " does not exist", fix);
				}
				throw ex;
			}
			if (!role.equals(ROLE) && !trustsEcs(found)) {
				return new Result("the RAM role " + role + " does not let " + ECS_SERVICE
						+ " assume it (its trust policy names another principal)", fix);
			}
			policies = call(context, "ListPoliciesForRole", role);
		}
		catch (CloudCallException ex) {
			String why = couldNotVerify(ex.failure());
			if (why == null) {
				throw ex;
			}
			return new Result(null, null, this.catalogue.hint(TextKeys.IMPORT_ROLE_UNVERIFIED, role,
					this.catalogue.hint(why, ACTIONS), String.valueOf(ex.failure()), ACTIONS,
					CloudErrorCodes.NO_IMPORT_ROLE));
		}
		if (!policies.contains("\"PolicyName\"")) {
			return new Result("the RAM role " + role + " has no policy attached", fix);
		}
		return new Result(null, null);
	}

	/** Whether GetRole's {@code AssumeRolePolicyDocument} lets the ECS service assume the role. */
	private static boolean trustsEcs(String getRoleAnswer) {
		try {
			String document = CloudJson.read(getRoleAnswer).path("Role").path("AssumeRolePolicyDocument").asString("");
			for (JsonNode statement : CloudJson.read(document.isEmpty() ? "{}" : document).path("Statement")) {
				JsonNode service = statement.path("Principal").path("Service");
				boolean ecs = service.isArray() ? service.valueStream().anyMatch(v -> ECS_SERVICE.equals(v.asString("")))
						: ECS_SERVICE.equals(service.asString(""));
				if (ecs && "Allow".equalsIgnoreCase(statement.path("Effect").asString(""))) {
					return true;
				}
			}
			return false;
		}
		catch (CloudJson.UnreadableAnswerException ex) {
			return false; // a document RAM would not hold: ECS could not assume the role either
		}
	}

		/** The catalogue key of why the check cannot say, or {@code null} when the failure must stop the run. */
	private static String couldNotVerify(CloudFailure failure) {
		String code = failure.code();
		if (code.startsWith(CloudErrorCodes.NO_PERMISSION) || code.equals(CloudErrorCodes.FORBIDDEN_RAM)
				|| code.equals(CloudErrorCodes.FORBIDDEN) || code.equals(CloudErrorCodes.ACCESS_DENIED)
				|| Integer.valueOf(403).equals(failure.httpStatus())) {
			return TextKeys.IMPORT_ROLE_DENIED;
		}
		if (failure.errorClass() == ErrorClass.TRANSIENT || failure.errorClass() == ErrorClass.AMBIGUOUS) {
			return TextKeys.IMPORT_ROLE_NO_ANSWER;
		}
		return null;
	}

	private String call(CallContext context, String action, String role) {
		CommonRequest request = new CommonRequest();
		request.setSysMethod(MethodType.POST);
		Endpoint ram = this.clients.ramEndpoint();
		request.setSysDomain(ram.hostAndPort());
		request.setSysProtocol(ram.protocol());
		request.setSysVersion("2015-05-01");
		request.setSysAction(action);
		request.putQueryParameter("RoleName", role);
		return this.retrier.call(context, "RAM." + action, true, () -> this.clients.acs().getCommonResponse(request)).getData();
	}

}
