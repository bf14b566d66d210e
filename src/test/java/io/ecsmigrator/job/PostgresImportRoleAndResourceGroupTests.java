package io.ecsmigrator.job;

import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresImportRoleAndResourceGroupTests extends ImportRoleAndResourceGroupTests {

	@BeforeAll
	static void requirePostgres() {
		TestDatabases.assumePostgres();
	}

	@DynamicPropertySource
	static void ledger(DynamicPropertyRegistry registry) {
		TestDatabases.registerPostgres(registry);
	}

}
