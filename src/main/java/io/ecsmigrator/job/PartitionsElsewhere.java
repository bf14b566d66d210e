package io.ecsmigrator.job;

/**
 * Partitions of a run that other processes (the distributed mode's workers) hold now. A launch
 * that recovers a run must not fail those: they would then run twice at once.
 */
public interface PartitionsElsewhere {

	/** Partitions of the run that a live worker holds. */
	int live(long runId);

}
