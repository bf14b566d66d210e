package io.ecsmigrator.job;

import io.ecsmigrator.support.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class H2ImportRoleAndResourceGroupTests extends ImportRoleAndResourceGroupTests {

	@DynamicPropertySource
	static void ledger(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry);
	}

}
