package io.ecsmigrator.submit;

import io.ecsmigrator.cloud.CloudFailure;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.job.StepRuns;
import io.ecsmigrator.ledger.ImageRepository;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Records each image's outcome in the chunk's transaction. After a chunk that met an account
 * error, or once the operator stopped the run ({@link RunStopper}), it stops the step: the images
 * not yet sent stay {@code VERIFIED} for the next launch.
 */
class SubmissionWriter implements ItemWriter<Submission> {

	private final ImageRepository images;

	private final ImportSubmitter submitter;

	private final StepExecution stepExecution;

	private final RunStopper stopper;

	SubmissionWriter(ImageRepository images, ImportSubmitter submitter, StepExecution stepExecution,
			RunStopper stopper) {
		this.images = images;
		this.submitter = submitter;
		this.stepExecution = stepExecution;
		this.stopper = stopper;
	}

	@Override
	public void write(Chunk<? extends Submission> chunk) {
		long runId = StepRuns.runId(this.stepExecution);
		for (Submission submission : chunk) {
			if (submission.from() == submission.to()) {
				// out of retries: the image stays for the next launch, with its last error
				this.images.note(runId, submission.firstLine(), submission.from(), submission.change());
				continue;
			}
			this.images.transition(runId, submission.firstLine(), submission.from(), submission.to(),
					submission.change());
		}
		this.submitter.chunkDone();
		CloudFailure stop = this.submitter.accountStop();
		if (stop != null || this.stopper.requested()) {
			this.stepExecution.setTerminateOnly();
		}
	}

}
