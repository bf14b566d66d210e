package io.ecsmigrator.support;

import java.nio.file.Path;

import io.ecsmigrator.sandbox.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The builder says the same world as the demo's file, and what it writes reads back the same. */
class ScenariosTests {

	@TempDir
	Path dir;

	@Test
	void theSampleWaveIsTheDemoFilesWorld() {
		assertThat(Scenarios.sampleWave().build()).isEqualTo(Scenario.load(Path.of("jobs/sandbox/sample-wave.yaml")));
	}

	@Test
	void aWrittenScenarioLoadsAsBuilt() {
		Scenario built = Scenarios.sampleWave()
			.importSeconds(3600)
			.importForbidden()
			.errorRate(0.5)
			.ossBurst(10, null, 4)
			.rateWindow("ImportImage", "200/60s")
			.deleteImage("web-02", 30)
			.build();
		assertThat(Scenario.load(Scenarios.sampleWave()
			.importSeconds(3600)
			.importForbidden()
			.errorRate(0.5)
			.ossBurst(10, null, 4)
			.rateWindow("ImportImage", "200/60s")
			.deleteImage("web-02", 30)
			.writeTo(this.dir.resolve("s.yaml")))).isEqualTo(built);
	}

}
