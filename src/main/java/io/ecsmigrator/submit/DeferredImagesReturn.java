package io.ecsmigrator.submit;

import io.ecsmigrator.job.StepRuns;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/** A new launch gives deferred images another chance, before the reader looks. */
record DeferredImagesReturn(ImageRepository images) implements StepExecutionListener {

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.images.moveAll(StepRuns.runId(stepExecution), ImageStatus.DEFERRED, ImageStatus.VERIFIED,
				"deferred images are tried again");
	}

}
