package io.ecsmigrator.job;

import java.time.Duration;

/** Where steps report how far they are; the command line shows it to the operator. */
public interface Progress {

	/** @param total items expected, or -1 when unknown */
	void started(String step, long total);

	void advanced(String step, long done, long total);

	void finished(String step, long done, Duration took);

	/** @param committed items whose work is committed, which a restart will not redo */
	void stopped(String step, long committed, String status);

	/** Something about the run the operator should know when it happens (a recovered run, say). */
	default void notice(String message) {
	}

	/** Something the operator should know although the run goes on. */
	default void warning(String step, String text) {
	}

}
