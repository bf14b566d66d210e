package io.ecsmigrator.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data directory is resolved once, as Spring binds {@code migrator.data-dir}, so that the
 * sandbox's state and the ledger never land in two folders.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class DataDirTests {

	private static final Map<String, String> NO_VARIABLES = Map.of();

	private static Path dataDir(Map<String, String> environment, String... args) {
		MigratorCli.Args split = MigratorCli.Args.of(args);
		return new MigratorCommand(split.spring(), environment).dataDir();
	}

	@Test
	void theDefaultIsMigratorDataInTheWorkingDirectory() {
		assertThat(dataDir(NO_VARIABLES, "status").normalize()).isEqualTo(Path.of("migrator-data"));
	}

	@Test
	void anArgumentWithAnEqualsSign() {
		assertThat(dataDir(NO_VARIABLES, "status", "--migrator.data-dir=/tmp/a")).isEqualTo(Path.of("/tmp/a"));
	}

	@Test
	void anArgumentAndItsValueApart() {
		MigratorCli.Args split = MigratorCli.Args.of("import", "--inventory", "inv.csv", "--migrator.data-dir", "/tmp/b",
				"--wait");
		assertThat(split.command()).containsExactly("import", "--inventory", "inv.csv", "--wait");
		assertThat(split.spring()).containsExactly("--migrator.data-dir=/tmp/b");
		assertThat(dataDir(NO_VARIABLES, "import", "--migrator.data-dir", "/tmp/b")).isEqualTo(Path.of("/tmp/b"));
	}

	@Test
	void theEnvironmentVariableAndTheArgumentBeforeIt() {
		Map<String, String> environment = Map.of("MIGRATOR_DATA_DIR", "/tmp/c");
		assertThat(dataDir(environment, "status")).isEqualTo(Path.of("/tmp/c"));
		assertThat(dataDir(environment, "status", "--migrator.data-dir=/tmp/d")).isEqualTo(Path.of("/tmp/d"));
	}

	@Test
	void theContextGetsTheFolderTheSandboxUses() {
		MigratorCommand command = new MigratorCommand(List.of(), Map.of("MIGRATOR_DATA_DIR", "/tmp/e"));
		assertThat(command.dataDir()).isEqualTo(Path.of("/tmp/e"));
		assertThat(command.springDefaults()).contains("--migrator.data-dir=/tmp/e");
	}

	@Test
	void aRelativeFolderReachesTheContextAbsoluteForTheEmbeddedLedgersUrl() {
		MigratorCommand command = new MigratorCommand(List.of("--migrator.data-dir=data"), Map.of());
		assertThat(command.dataDir()).isEqualTo(Path.of("data"));
		// H2 refuses jdbc:h2:file:data/ledger, a path implicitly relative to the working directory
		assertThat(command.springDefaults()).contains("--migrator.data-dir=" + Path.of("data").toAbsolutePath());
		assertThat(new MigratorCommand(List.of(), Map.of()).springDefaults())
			.contains("--migrator.data-dir=" + Path.of("migrator-data").toAbsolutePath());
	}

}
