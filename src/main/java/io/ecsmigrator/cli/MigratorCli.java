package io.ecsmigrator.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;

/**
 * Entry point of the command line, and the jar's main class. Arguments that set Spring properties
 * ({@code --spring.*}, {@code --migrator.*}, {@code --logging.*}) go to Spring; the rest are the
 * command's.
 */
public final class MigratorCli {

	private static final List<String> SPRING_PREFIXES = List.of("--spring.", "--migrator.", "--logging.");

	/** The help's width: a classic terminal, also where the terminal is wider or unknown (a CI log). */
	static final int USAGE_WIDTH = 80;

	private MigratorCli() {
	}

	/**
	 * The command's arguments and Spring's, each Spring property as {@code --name=value}, also when
	 * given as {@code --name value} (Spring reads only the first form).
	 */
	record Args(List<String> command, List<String> spring) {

		static Args of(String... args) {
			List<String> command = new ArrayList<>();
			List<String> spring = new ArrayList<>();
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				if (SPRING_PREFIXES.stream().noneMatch(arg::startsWith)) {
					command.add(arg);
					continue;
				}
				if (!arg.contains("=") && i + 1 < args.length && !args[i + 1].startsWith("-")) {
					arg = arg + "=" + args[++i];
				}
				spring.add(arg);
			}
			return new Args(List.copyOf(command), List.copyOf(spring));
		}

	}

	public static void main(String[] args) {
		System.exit(run(args));
	}

	public static int run(String... args) {
		return run(null, null, args);
	}

	/**
	 * Runs a command that prints to the given writers (tests pass their own); {@code null} for
	 * picocli's default, the JVM's stdout or stderr.
	 */
	public static int run(PrintWriter out, PrintWriter err, String... args) {
		Args split = Args.of(args);
		MigratorCommand root = new MigratorCommand(split.spring());
		try {
			CommandLine commandLine = new CommandLine(root).setExecutionExceptionHandler(new FailureHandler())
				.setCaseInsensitiveEnumValuesAllowed(true)
				.setUsageHelpWidth(USAGE_WIDTH);
			if (out != null) {
				commandLine.setOut(out);
			}
			if (err != null) {
				commandLine.setErr(err);
			}
			return commandLine.execute(split.command().toArray(String[]::new));
		}
		finally {
			root.close();
		}
	}

}
