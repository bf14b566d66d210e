package io.ecsmigrator.job;

import java.nio.file.Path;

import io.ecsmigrator.inventory.InventoryFile;
import io.ecsmigrator.inventory.InventoryFileInspector;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresInventoryJobTests extends InventoryJobTests {

	@BeforeAll
	static void requirePostgres() {
		TestDatabases.assumePostgres();
	}

	@Autowired
	RunLock runLock;

	@Test
	void aRunHeldByAnotherProcessIsNotTouched() throws Exception {
		InventoryFile file = new InventoryFileInspector().inspect(Path.of("jobs/sample/inventory.csv"));
		try (RunLock.Held other = this.runLock.acquire(ValidateJobConfiguration.JOB, file.path().toString(),
				file.sha256())) {
			assertThatThrownBy(() -> this.launcher.launch(this.validateJob, file))
				.isInstanceOf(RunLock.RunInProgressException.class)
				.hasMessageContaining("another migrator process is running validate on");
		}
		assertThat(this.launcher.launch(this.validateJob, file).completed()).as("free again once released").isTrue();
	}

	@DynamicPropertySource
	static void ledger(DynamicPropertyRegistry registry) {
		TestDatabases.registerPostgres(registry);
	}

}
