package io.ecsmigrator.job;

import java.util.List;

import org.springframework.batch.core.BatchStatus;

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
 */
public record RunOutcome(long runId, BatchStatus status, boolean alreadyComplete, boolean recovered,
		boolean restarted, List<Throwable> failures, boolean trackTimedOut) {

	public boolean completed() {
		return this.status == BatchStatus.COMPLETED;
	}

}
