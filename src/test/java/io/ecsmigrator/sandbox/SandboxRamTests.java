package io.ecsmigrator.sandbox;

import java.util.concurrent.TimeUnit;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.CommonResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The import-role check's RAM calls, through the official core SDK's generic RPC request. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class SandboxRamTests {

	private SandboxServer sandbox;

	private DefaultAcsClient client;

	/** The test's own account, in the world every test of the class shares. */
	private void start(Scenarios account) throws Exception {
		this.sandbox = SandboxServer.start(account.region("cn-hangzhou").build(), 0);
		this.client = SandboxClients.ecs();
	}

	@AfterEach
	void stop() {
		this.sandbox.close();
	}

	private CommonResponse call(String action) throws ClientException {
		return call(action, "AliyunECSImageImportDefaultRole");
	}

	private CommonResponse call(String action, String roleName) throws ClientException {
		CommonRequest request = new CommonRequest();
		request.setSysMethod(MethodType.POST);
		request.setSysDomain(this.sandbox.endpoint());
		request.setSysProtocol(ProtocolType.HTTP);
		request.setSysVersion("2015-05-01");
		request.setSysAction(action);
		request.putQueryParameter("RoleName", roleName);
		return this.client.getCommonResponse(request);
	}

	@Test
	void theRoleAndItsPolicy() throws Exception {
		start(Scenarios.scenario());
		String role = call("GetRole").getData();
		assertThat(role).contains("\"RoleName\":\"AliyunECSImageImportDefaultRole\"", "ecs.aliyuncs.com",
				"sts:AssumeRole");
		assertThat(call("ListPoliciesForRole").getData()).contains("\"PolicyName\":\"AliyunECSImageImportRolePolicy\"",
				"\"PolicyType\":\"System\"");
	}

	@Test
	void aMissingRole() throws Exception {
		start(Scenarios.scenario().noImportRole());
		ClientException ex = catchThrowableOfType(ClientException.class, () -> call("GetRole"));
		assertThat(ex.getErrCode()).isEqualTo("EntityNotExist.Role");
	}

	@Test
	void aRoleWithoutPolicy() throws Exception {
		start(Scenarios.scenario().importRolePolicy("none"));
		assertThat(call("ListPoliciesForRole").getData()).contains("\"Policy\":[]");
	}

	@Test
	void customRolesWithTheirTrustAndPolicy() throws Exception {
		start(Scenarios.scenario()
			.noImportRole()
			.customRole("ImageImporter")
			.customRole("UsersOnly", false, "none"));
		assertThat(call("GetRole", "ImageImporter").getData()).contains("\"RoleName\":\"ImageImporter\"",
				"ecs.aliyuncs.com");
		assertThat(call("ListPoliciesForRole", "ImageImporter").getData())
			.contains("\"PolicyName\":\"AliyunECSImageImportRolePolicy\"");
		assertThat(call("GetRole", "UsersOnly").getData()).contains("\"RoleName\":\"UsersOnly\"")
			.doesNotContain("ecs.aliyuncs.com");
		assertThat(call("ListPoliciesForRole", "UsersOnly").getData()).contains("\"Policy\":[]");
		ClientException ex = catchThrowableOfType(ClientException.class, () -> call("GetRole", "NoSuchRole"));
		assertThat(ex.getErrCode()).isEqualTo("EntityNotExist.Role");
		ex = catchThrowableOfType(ClientException.class, () -> call("GetRole"));
		assertThat(ex.getErrCode()).as("the default role is missing in this account").isEqualTo("EntityNotExist.Role");
	}

}
