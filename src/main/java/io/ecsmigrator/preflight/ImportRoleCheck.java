package io.ecsmigrator.preflight;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.http.MethodType;
import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.catalogue.TextKeys;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudCallException;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.CloudErrorCodes;
import io.ecsmigrator.cloud.CloudFailure;
import io.ecsmigrator.cloud.ErrorClass;
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

	/**
	 * A denial of the RAM calls themselves ({@code NoPermission}, or any other 403) or RAM not
	 * answering through the retries means "could not verify": a warning naming the two actions, and
	 * the run goes on; ImportImage's own role error ({@code NoSetRoletoECSServiceAcount}) stops it if
	 * the role is really missing.
	 *
	 * @param context the run the check is for, for the audit of its calls
	 */
	public Result check(CallContext context) {
		String policies;
		try {
			try {
				call(context, "GetRole");
			}
			catch (CloudCallException ex) {
				if (ex.failure().code().equals(CloudErrorCodes.ROLE_NOT_FOUND)) {
					return new Result("the RAM role " + ROLE + " does not exist", this.fix);
				}
				throw ex;
			}
			policies = call(context, "ListPoliciesForRole");
		}
		catch (CloudCallException ex) {
			String why = couldNotVerify(ex.failure());
			if (why == null) {
				throw ex;
			}
			return new Result(null, null, this.catalogue.hint(TextKeys.IMPORT_ROLE_UNVERIFIED, ROLE,
					this.catalogue.hint(why, ACTIONS), String.valueOf(ex.failure()), ACTIONS,
					CloudErrorCodes.NO_IMPORT_ROLE));
		}
		if (!policies.contains("\"PolicyName\"")) {
			return new Result("the RAM role " + ROLE + " has no policy attached", this.fix);
		}
		return new Result(null, null);
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
