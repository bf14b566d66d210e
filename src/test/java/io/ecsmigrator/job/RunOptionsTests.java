package io.ecsmigrator.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RunOptionsTests {

	@Test
	void threadsAreOneToThirtyTwo() {
		assertThat(RunOptions.threadsProblem(1)).isNull();
		assertThat(RunOptions.threadsProblem(RunOptions.MAX_THREADS)).isNull();
		assertThat(RunOptions.threadsProblem(0)).isEqualTo("--threads must be between 1 and 32, not 0");
		assertThat(RunOptions.threadsProblem(33)).isEqualTo("--threads must be between 1 and 32, not 33");
		assertThat(new RunOptions(false, true, 32).threads()).isEqualTo(32);
		assertThatIllegalArgumentException().isThrownBy(() -> new RunOptions(false, false, 0))
			.withMessage(RunOptions.threadsProblem(0));
	}

}
