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

	private RunParameters() {
	}

	public static JobParameters of(InventoryFile inventory) {
		return new JobParametersBuilder().addString(INVENTORY, inventory.path().toString())
			.addString(SHA256, inventory.sha256())
			.addLong(LINES, inventory.physicalLines(), false)
			.toJobParameters();
	}

}
