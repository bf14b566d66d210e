package io.ecsmigrator.preflight;

import java.util.List;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.SandboxCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

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
		this.sandbox = SandboxServer.start(new Scenario(null, new Scenario.Account(false, role, policy),
				List.of(new Scenario.Region("cn-hangzhou", null, null, null, null)), null, null, null), 0);
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

	@Test
	void aKeyWithoutRamRightsCannotVerifyTheRoleAndTheRunGoesOnWithAWarning() throws Exception {
		this.sandbox = SandboxServer.start(new Scenario(List.of(new Scenario.AccessKey("ecsOnly", "secret", true)),
				null, List.of(new Scenario.Region("cn-hangzhou", null, null, null, null)), null, null, null), 0);
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
		this.sandbox = SandboxServer.start(new Scenario(null, null,
				List.of(new Scenario.Region("cn-hangzhou", null, null, null, null)), null, 60, 3L,
				new Scenario.Faults(null, null, null, null, null, null, null, null, 0.5)), 0);
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
