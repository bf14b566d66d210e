package io.ecsmigrator.ledger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.Retrier;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Every attempt of a cloud call lands in cloud_call, even when the caller's transaction rolls back. */
@SpringBootTest(classes = MigratorApplication.class, properties = "migrator.progress-interval=1h")
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class CloudCallAuditTests {

	@DynamicPropertySource
	static void ledger(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry);
	}

	@Autowired
	CloudCallAudit audit;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void everyAttemptIsKeptWithItsOutcome() throws Exception {
		Scenario scenario = Scenarios.scenario().region("cn-hangzhou").seed(11L).errorRate(0.5).build();
		SandboxCloud.useCredentials("testAK", "testSecret");
		try (SandboxServer sandbox = SandboxServer.start(scenario, 0)) {
			CloudClients clients = new CloudClients(SandboxCloud.properties(sandbox, "V4", 20), this.audit);
			Retrier retrier = clients.retrier();
			// inside a transaction that rolls back, as a failed chunk's would
			new TransactionTemplate(this.transactionManager).executeWithoutResult(status -> {
				for (int i = 0; i < 5; i++) {
					DescribeRegionsRequest request = clients.ecs(new DescribeRegionsRequest(), "cn-hangzhou");
					retrier.call(CallContext.of(7, "cn-hangzhou", 12), "DescribeRegions", true,
							() -> clients.acs().getAcsResponse(request));
				}
				status.setRollbackOnly();
			});
			clients.destroy();
		}
		finally {
			SandboxCloud.clearCredentials();
		}
		List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT * FROM cloud_call WHERE run_id = 7 ORDER BY id");
		assertThat(rows).as("kept though the transaction rolled back").isNotEmpty();
		assertThat(rows).allSatisfy(row -> {
			assertThat(row).containsEntry("action", "DescribeRegions").containsEntry("region", "cn-hangzhou")
				.containsEntry("image_line", 12);
			assertThat(row.get("request_id")).as("every answer's request id").isNotNull();
		});
		List<Map<String, Object>> successes = rows.stream().filter(row -> row.get("error_code") == null).toList();
		assertThat(successes).hasSize(5).allSatisfy(row -> assertThat(row).containsEntry("http_status", 200));
		assertThat(rows.size()).as("the seed makes some attempts fail").isGreaterThan(5);
		assertThat(rows).filteredOn(row -> row.get("error_code") != null)
			.allSatisfy(row -> assertThat(row.get("error_code")).isIn("ServiceUnavailable", "InternalError"));
	}

}
