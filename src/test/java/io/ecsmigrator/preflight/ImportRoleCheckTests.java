package io.ecsmigrator.preflight;

import java.util.concurrent.TimeUnit;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class ImportRoleCheckTests {

	private SandboxServer sandbox;

	private CloudClients clients;

	@AfterEach
	void stop() {
		SandboxCloud.clearCredentials();
		this.clients.destroy();
		this.sandbox.close();
	}

	@ParameterizedTest
	@CsvSource(nullValues = "-", value = { "true,-,-", "false,-,does not exist", "true,none,has no policy" })
	void theRoleMustExistWithAPolicy(boolean role, String policy, String problem) throws Exception {
		Scenarios scenario = Scenarios.scenario().region("cn-hangzhou").importRolePolicy(policy);
		this.sandbox = SandboxServer.start((role ? scenario : scenario.noImportRole()).build(), 0);
		SandboxCloud.useCredentials("testAK", "testSecret");
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 3));
		ImportRoleCheck.Result result = new ImportRoleCheck(this.clients, this.clients.retrier(),
				ErrorCatalogue.english()).check();
		assertThat(result.ready()).isEqualTo(problem == null);
		if (problem != null) {
			assertThat(result.problem()).contains(problem);
			assertThat(result.fix()).contains("AliyunECSImageImportDefaultRole", "ecs.aliyuncs.com",
					"AliyunECSImageImportRolePolicy", "oss:GetObject", "oss:GetBucketLocation", "oss:GetBucketInfo");
		}
	}

	@ParameterizedTest
	@CsvSource(nullValues = "-", value = { "ImageImporter,-", "NoSuchRole,does not exist",
			"UsersOnly,does not let ecs.aliyuncs.com assume it", "Bare,has no policy" })
	void aCustomRoleMustExistTrustEcsAndHoldAPolicy(String role, String problem) throws Exception {
		this.sandbox = SandboxServer.start(Scenarios.scenario()
			.noImportRole()
			.customRole("ImageImporter")
			.customRole("UsersOnly", false, null)
			.customRole("Bare", true, "none")
			.region("cn-hangzhou")
			.build(), 0);
		SandboxCloud.useCredentials("testAK", "testSecret");
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 3));
		ImportRoleCheck.Result result = new ImportRoleCheck(this.clients, this.clients.retrier(),
				ErrorCatalogue.english()).check(io.ecsmigrator.cloud.CallContext.NONE, role);
		assertThat(result.ready()).isEqualTo(problem == null);
		if (problem != null) {
			assertThat(result.problem()).contains("RAM role " + role, problem);
			assertThat(result.fix()).contains("create the RAM role " + role, "ecs.aliyuncs.com", "oss:GetObject",
					"role_name");
		}
	}

	@Test
	void aKeyWithoutRamRightsCannotVerifyTheRoleAndTheRunGoesOnWithAWarning() throws Exception {
		this.sandbox = SandboxServer.start(
				Scenarios.scenario().ramDeniedAccessKey("ecsOnly", "secret").region("cn-hangzhou").build(), 0);
		SandboxCloud.useCredentials("ecsOnly", "secret");
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 3));
		ImportRoleCheck.Result result = new ImportRoleCheck(this.clients, this.clients.retrier(),
				ErrorCatalogue.english()).check();
		assertThat(result.ready()).isTrue();
		assertThat(result.warning()).contains("could not be verified", "ram:GetRole", "ram:ListPoliciesForRole",
				"NoPermission", "ImportImage");
		assertThat(result.warning()).as("the why, from the catalogue with its argument")
			.contains("the RAM user may not call ram:GetRole and ram:ListPoliciesForRole");
	}

	@Test
	void aGatewaysHtml502IsRetried() throws Exception {
		this.sandbox = SandboxServer.start(
				Scenarios.scenario().region("cn-hangzhou").importSeconds(60).seed(3L).gatewayErrorRate(0.5).build(), 0);
		SandboxCloud.useCredentials("testAK", "testSecret");
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 12));
		for (int i = 0; i < 5; i++) {
			ImportRoleCheck.Result result = new ImportRoleCheck(this.clients, this.clients.retrier(),
					ErrorCatalogue.english()).check();
			assertThat(result.ready()).isTrue();
			assertThat(result.warning()).isNull();
		}
		assertThat(this.sandbox.counters().faults().keySet()).anyMatch(k -> k.contains("GatewayHtml502"));
	}

}
