package io.ecsmigrator.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RunOptionsTests {

	@Test
	void threadsAreOneToSixtyFour() {
		assertThat(RunOptions.threadsProblem(1)).isNull();
		assertThat(RunOptions.threadsProblem(RunOptions.MAX_THREADS)).isNull();
		assertThat(RunOptions.threadsProblem(0)).isEqualTo("--threads must be between 1 and 64, not 0");
		assertThat(RunOptions.threadsProblem(65)).isEqualTo("--threads must be between 1 and 64, not 65");
		assertThat(new RunOptions(false, true, 64).threads()).isEqualTo(64);
		assertThatIllegalArgumentException().isThrownBy(() -> new RunOptions(false, false, 0))
			.withMessage(RunOptions.threadsProblem(0));
	}

}
