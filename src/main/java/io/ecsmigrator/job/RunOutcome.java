package io.ecsmigrator.job;

import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * How a launch ended.
 *
 * @param runId the run (job instance) it belongs to
 * @param status the Batch status of the execution that ran, or of the completed one found
 * @param alreadyComplete the run had completed before; nothing was redone
 * @param recovered the last execution was left running by a process that died, and was recovered
 * @param restarted this launch continued an earlier execution of the same run
 * @param failures what made the execution fail, outermost first
 * @param trackTimedOut this launch stopped following imports because {@code migrator.track.timeout}
 * had passed
 * @param interrupted the operator stopped this launch (Ctrl-C, {@link RunStopper}); the run goes on
 * from there with the same command
 */
public record RunOutcome(long runId, BatchStatus status, boolean alreadyComplete, boolean recovered,
		boolean restarted, List<Throwable> failures, boolean trackTimedOut, boolean interrupted) {

	/**
	 * Set in the job execution's context to the id of the execution whose track gave up at the
	 * timeout. The context is carried over to a restart, so the id tells this launch's from an
	 * earlier one's.
	 */
	private static final String TRACK_TIMED_OUT = "track.timedOutExecution";

	/** Track stopped following imports at {@code migrator.track.timeout} with imports running. */
	public static void markTrackTimedOut(JobExecution execution) {
		execution.getExecutionContext().putLong(TRACK_TIMED_OUT, execution.getId());
	}

	static boolean trackTimedOut(JobExecution execution) {
		return execution.getExecutionContext().getLong(TRACK_TIMED_OUT, -1L) == execution.getId();
	}

	public boolean completed() {
		return this.status == BatchStatus.COMPLETED;
	}

}
