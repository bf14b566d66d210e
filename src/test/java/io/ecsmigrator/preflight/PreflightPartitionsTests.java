package io.ecsmigrator.preflight;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

class PreflightPartitionsTests {

	@Test
	void rangesCoverEveryLineOnceInAboutEqualParts() {
		Map<String, ExecutionContext> partitions = PreflightStepConfiguration.partitions(new int[] { 2, 1001 }, 8);
		assertThat(partitions).hasSize(8);
		int next = 2;
		for (ExecutionContext range : partitions.values()) {
			assertThat(range.getInt("fromLine")).isEqualTo(next);
			assertThat(range.getInt("toLine") - range.getInt("fromLine") + 1).isEqualTo(125);
			next = range.getInt("toLine") + 1;
		}
		assertThat(next).isEqualTo(1002);
	}

	@Test
	void fewerLinesThanPartitionsAndNoneAtAll() {
		assertThat(PreflightStepConfiguration.partitions(new int[] { 5, 7 }, 16)).hasSize(3);
		Map<String, ExecutionContext> none = PreflightStepConfiguration.partitions(null, 16);
		assertThat(none).hasSize(1);
		assertThat(none.values().iterator().next().getInt("toLine")).isLessThan(1);
	}

}
