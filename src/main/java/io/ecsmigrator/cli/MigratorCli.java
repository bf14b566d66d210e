package io.ecsmigrator.cli;

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

	private MigratorCli() {
	}

	public static void main(String[] args) {
		System.exit(run(args));
	}

	public static int run(String... args) {
		List<String> commandArgs = new ArrayList<>();
		List<String> springArgs = new ArrayList<>();
		for (String arg : args) {
			(SPRING_PREFIXES.stream().anyMatch(arg::startsWith) ? springArgs : commandArgs).add(arg);
		}
		MigratorCommand root = new MigratorCommand(springArgs);
		try {
			return new CommandLine(root).setExecutionExceptionHandler(new FailureHandler())
				.setCaseInsensitiveEnumValuesAllowed(true)
				.execute(commandArgs.toArray(String[]::new));
		}
		finally {
			root.close();
		}
	}

}
