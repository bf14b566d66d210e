package io.ecsmigrator.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressTests {

	@Test
	void theBarFillsOneCellPerFivePercent() {
		assertThat(ConsoleProgress.bar(0, 200)).isEqualTo("[" + ".".repeat(20) + "]");
		assertThat(ConsoleProgress.bar(50, 200)).isEqualTo("[#####" + ".".repeat(15) + "]");
		assertThat(ConsoleProgress.bar(250, 200)).as("never past full").isEqualTo("[" + "#".repeat(20) + "]");
	}

}
