package io.ecsmigrator.job;

/**
 * How the operator asked this launch of {@code import} to run. These are the launch's own
 * (non-identifying) job parameters: a restart takes the options given to it, not those of the
 * launch that stopped.
 *
 * @param dryRun stop after preflight: check everything, import nothing
 * @param waitForImports follow the imports until they end (or {@code migrator.track.timeout})
 * @param threads preflight's threads: how many images are checked at once
 */
public record RunOptions(boolean dryRun, boolean waitForImports, int threads) {

	public static final int MAX_THREADS = 64;

	public static final RunOptions DEFAULTS = new RunOptions(false, false, 16);

	public RunOptions {
		String problem = threadsProblem(threads);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
	}

	/** What is wrong with {@code --threads N}, or {@code null}: the one check, for the command and the record. */
	public static String threadsProblem(int threads) {
		return (threads < 1 || threads > MAX_THREADS)
				? "--threads must be between 1 and " + MAX_THREADS + ", not " + threads : null;
	}

}
