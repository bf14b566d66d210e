package io.ecsmigrator.cli;

/** The exit codes of the README's "Exit codes", which scripts around the migrator rely on. */
public final class ExitCodes {

	/** Every image reached its goal. */
	public static final int OK = 0;

	/** The run finished, but some images failed or were invalid. */
	public static final int IMAGES_FAILED = 1;

	/** Usage, configuration or unreadable input. */
	public static final int USAGE = 2;

	/** Stopped with images deferred (quota, account); run the same command again later. */
	public static final int DEFERRED = 3;

	/** Infrastructure failure (database, network); run the same command again. */
	public static final int INFRASTRUCTURE = 4;

	/** Stopped by Ctrl-C (128 + SIGINT, as shells report it); run the same command to continue. */
	public static final int INTERRUPTED = 130;

	/**
	 * Stopped by SIGTERM ({@code kill}, systemd's or docker's stop; 128 + SIGTERM, as shells report
	 * it); run the same command to continue.
	 */
	public static final int TERMINATED = 143;

	private ExitCodes() {
	}

}
