package io.ecsmigrator.job;

import io.ecsmigrator.inventory.InventoryFile;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The parameters of a run. Its identity is the inventory's path and content hash, with no
 * incrementer: the same command on the same file is the same job instance, so it restarts where it
 * stopped; an edited file is a new run.
 */
public final class RunParameters {

	public static final String INVENTORY = "inventory";

	public static final String SHA256 = "inventory.sha256";

	/** Lines in the file, for progress only: not part of the identity. */
	public static final String LINES = "inventory.lines";

	/** The options of this launch ({@link RunOptions}): not part of the identity. */
	public static final String DRY_RUN = "dry-run";

	public static final String WAIT = "wait";

	public static final String THREADS = "threads";

	private RunParameters() {
	}

	public static JobParameters of(InventoryFile inventory) {
		return of(inventory, RunOptions.DEFAULTS);
	}

	public static JobParameters of(InventoryFile inventory, RunOptions options) {
		return new JobParametersBuilder().addString(INVENTORY, inventory.path().toString())
			.addString(SHA256, inventory.sha256())
			.addLong(LINES, inventory.physicalLines(), false)
			.addString(DRY_RUN, Boolean.toString(options.dryRun()), false)
			.addString(WAIT, Boolean.toString(options.waitForImports()), false)
			.addLong(THREADS, (long) options.threads(), false)
			.toJobParameters();
	}

	public static RunOptions options(JobParameters parameters) {
		Long threads = parameters.getLong(THREADS);
		return new RunOptions(Boolean.parseBoolean(parameters.getString(DRY_RUN)),
				Boolean.parseBoolean(parameters.getString(WAIT)),
				(threads != null) ? threads.intValue() : RunOptions.DEFAULTS.threads());
	}

}
