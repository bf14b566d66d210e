package io.ecsmigrator.ledger;

import java.time.LocalDateTime;

/**
 * One run: a job over one inventory. Its id is the Spring Batch job instance id, so running the
 * same command again continues the same run.
 *
 * @param status the Spring Batch status of its last execution (COMPLETED, FAILED, STARTED, …)
 */
public record MigrationRun(long runId, String jobName, String inventoryPath, String inventorySha256,
		LocalDateTime createdAt, String status) {
}
