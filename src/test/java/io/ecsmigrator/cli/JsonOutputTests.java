package io.ecsmigrator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --json}: stdout holds one JSON document with the README's field names, and nothing else;
 * the human text (progress, summary, report line) goes to stderr.
 */
class JsonOutputTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	private MigratorCliTests.Result run(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--spring.datasource.url=jdbc:h2:file:" + this.dir.resolve("data/ledger") + TestDatabases.H2_OPTIONS);
		all.add("--migrator.data-dir=" + this.dir.resolve("data"));
		return MigratorCliTests.runCli(all.toArray(String[]::new));
	}

	/** The whole of stdout is one document. */
	private static JsonNode document(MigratorCliTests.Result result) {
		assertThat(result.out().lines()).as("one line on stdout: %s", result.all()).hasSize(1);
		return JSON.readTree(result.out());
	}

	@Test
	void validateJsonHoldsTheRunTheExitCodeTheCountsAndTheReport() {
		Path report = this.dir.resolve("report.csv");
		MigratorCliTests.Result result = run("validate", "--inventory", "jobs/sample/inventory-with-mistakes.csv",
				"--report", report.toString(), "--json");
		assertThat(result.exit()).isEqualTo(ExitCodes.IMAGES_FAILED);
		JsonNode doc = document(result);
		assertThat(doc.path("command").asString()).isEqualTo("validate");
		assertThat(doc.path("run_id").asLong()).isEqualTo(1);
		assertThat(doc.path("exit_code").asInt()).isEqualTo(ExitCodes.IMAGES_FAILED);
		assertThat(doc.path("inventory").asString()).endsWith("inventory-with-mistakes.csv");
		assertThat(doc.path("images_by_status").path("INVALID").asLong()).isEqualTo(6);
		assertThat(doc.path("error_codes").path("InvalidImageName.Duplicated").asLong()).isPositive();
		assertThat(doc.path("error_codes").path("RegionId.NotFound").asLong()).isPositive();
		assertThat(doc.path("report").asString()).isEqualTo(report.toAbsolutePath().toString());
		assertThat(Files.exists(report)).isTrue();
		assertThat(result.err()).contains("load: ", "INVALID", "need fixing", "Report: " + report.toAbsolutePath());
	}

	@Test
	void importJsonAndStatusJsonHoldTheRunsTheirStatesAndTheImportsInFlight() {
		run("validate", "--inventory", "jobs/sample/inventory.csv");
		MigratorCliTests.Result imported = run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox",
				"jobs/sandbox/sample-wave.yaml", "--json");
		assertThat(imported.exit()).as(imported.all()).isEqualTo(ExitCodes.OK);
		JsonNode doc = document(imported);
		assertThat(doc.path("command").asString()).isEqualTo("import");
		assertThat(doc.path("run_id").asLong()).isEqualTo(2);
		assertThat(doc.path("exit_code").asInt()).isZero();
		assertThat(doc.path("images").asLong()).isEqualTo(6);
		assertThat(doc.path("images_by_status").path("SUBMITTED").asLong()).isEqualTo(6);
		assertThat(doc.path("error_codes").isObject()).isTrue();
		assertThat(doc.path("report").asString()).endsWith("inventory-import-run-2.csv");
		assertThat(imported.err()).contains("nothing is sent to Alibaba Cloud", "submit: ", "Report: ");

		MigratorCliTests.Result status = run("status", "--json");
		assertThat(status.exit()).isZero();
		assertThat(status.err()).isEmpty();
		JsonNode runs = document(status).path("runs");
		assertThat(runs.size()).isEqualTo(2);
		JsonNode validate = runs.get(0);
		assertThat(validate.path("run_id").asLong()).isEqualTo(1);
		assertThat(validate.path("job").asString()).isEqualTo("validate");
		assertThat(validate.path("state").asString()).isEqualTo("COMPLETED");
		assertThat(validate.path("inventory").asString()).endsWith("inventory.csv");
		assertThat(validate.path("inventory_sha256").asString()).matches("[0-9a-f]{64}");
		assertThat(validate.path("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		assertThat(validate.path("images_by_status").path("PLANNED").asLong()).isEqualTo(6);
		assertThat(validate.path("imports_in_flight_by_region").isEmpty()).isTrue();
		JsonNode importRun = runs.get(1);
		assertThat(importRun.path("job").asString()).isEqualTo("import");
		assertThat(importRun.path("inventory_sha256").asString()).isEqualTo(validate.path("inventory_sha256").asString());
		assertThat(importRun.path("images_by_status").path("SUBMITTED").asLong()).isEqualTo(6);
		assertThat(importRun.path("imports_in_flight_by_region").path("cn-hangzhou").asLong()).isEqualTo(3);
		assertThat(importRun.path("imports_in_flight_by_region").path("cn-shanghai").asLong()).isEqualTo(3);
	}

}
