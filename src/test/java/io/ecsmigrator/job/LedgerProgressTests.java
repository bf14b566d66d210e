package io.ecsmigrator.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerProgressTests {

	private final List<Long> shown = new ArrayList<>();

	private final List<Long> totals = new ArrayList<>();

	private final Progress progress = new Progress() {

		@Override
		public void started(String step, long total) {
		}

		@Override
		public void advanced(String step, long done, long total) {
			LedgerProgressTests.this.shown.add(done);
			LedgerProgressTests.this.totals.add(total);
		}

		@Override
		public void finished(String step, long done, Duration took) {
		}

		@Override
		public void stopped(String step, long committed, String status) {
		}

	};

	@Test
	void aCallStepMovesWithEveryAnswerFromWhereTheLedgerWasNotOncePerChunk() {
		LedgerProgress ledgerProgress = new LedgerProgress("submit", this.progress, execution -> new long[] { 60, 20 });
		StepExecutionListener step = ledgerProgress.stepListener();
		step.beforeStep(new StepExecution("submit", null));
		ItemWriteListener<Object> calls = ledgerProgress.writeListener();

		// the submit pipeline records each answered call as a write of its own
		calls.afterWrite(new Chunk<>("vm-21 submitted"));
		calls.afterWrite(new Chunk<>("vm-22 deferred"));
		calls.afterWrite(new Chunk<>("vm-24 submitted"));

		assertThat(this.shown).as("one step per answered call, from where the ledger was")
			.containsExactly(21L, 22L, 23L);
	}

	/** Partitions written by other processes: the ledger's counts are read again at each look. */
	@Test
	void aStepWhosePartitionsRunElsewhereMovesWithTheLedger() {
		long[] ledger = { 40, 0 };
		LedgerProgress ledgerProgress = new LedgerProgress("preflight", this.progress,
				execution -> ledger.clone());
		ledgerProgress.stepListener().beforeStep(new StepExecution("preflight", null));
		ledger[1] = 12;
		ledgerProgress.refresh(new StepExecution("preflight", null));
		ledger[1] = 40;
		ledgerProgress.refresh(new StepExecution("preflight", null));
		assertThat(this.shown).containsExactly(12L, 40L);
	}

	/**
	 * Submit's and track's partitions on workers: the ledger counts what is left to do, and what has
	 * left it since the step started is the work done, out of the total of the start.
	 */
	@Test
	void aStepThatCountsWhatIsLeftMovesAsTheLedgerEmpties() {
		long[] ledger = { 30, 0 };
		LedgerProgress ledgerProgress = new LedgerProgress("submit", this.progress, execution -> ledger.clone());
		ledgerProgress.stepListener().beforeStep(new StepExecution("submit", null));
		ledger[0] = 18;
		ledgerProgress.refresh(new StepExecution("submit", null));
		ledger[0] = 0;
		ledgerProgress.refresh(new StepExecution("submit", null));
		assertThat(this.shown).containsExactly(12L, 30L);
		assertThat(this.totals).containsOnly(30L);
	}

}
