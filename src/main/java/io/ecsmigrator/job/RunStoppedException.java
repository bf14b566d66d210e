package io.ecsmigrator.job;

/**
 * The run cannot go on until the operator fixes something outside the inventory (the account, its
 * RAM role): nothing is wrong with the images, and the same command continues the run once fixed.
 */
public class RunStoppedException extends RuntimeException {

	private final String fix;

	public RunStoppedException(String problem, String fix) {
		super(problem);
		this.fix = fix;
	}

	/** What to do before running the same command again. */
	public String fix() {
		return this.fix;
	}

}
