package io.ecsmigrator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command answers {@code --help} and {@code help <command>} with exit 0, without starting
 * Spring or touching a ledger; the help fits 80 columns; {@code --version} says what Maven built.
 */
class HelpAndVersionTests {

	private static final List<String> COMMANDS = List.of("validate", "import", "status", "report", "cancel",
			"sandbox", "worker");

	@TempDir
	Path dir;

	/** A ledger no one could open, and a data folder that must stay uncreated. */
	private MigratorCliTests.Result run(String... args) {
		String[] all = new String[args.length + 2];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none";
		all[args.length + 1] = "--migrator.data-dir=" + this.dir.resolve("data");
		return MigratorCliTests.runCli(all);
	}

	@Test
	void everyCommandTakesHelpAndExitsZeroWithoutALedger() {
		for (String command : COMMANDS) {
			MigratorCliTests.Result result = run(command, "--help");
			assertThat(result.exit()).as(command + " --help: " + result.all()).isZero();
			assertThat(result.out()).as(command).startsWith("Usage: ecs-image-migrator " + command);
			assertThat(result.err()).as(command).isEmpty();
		}
		assertThat(this.dir.resolve("data")).as("no context started: no ledger, no log").doesNotExist();
	}

	@Test
	void helpCommandAnswersAsHelpOption() {
		for (String command : COMMANDS) {
			MigratorCliTests.Result viaCommand = run("help", command);
			assertThat(viaCommand.exit()).as("help " + command).isZero();
			assertThat(viaCommand.out()).isEqualTo(run(command, "--help").out());
		}
		MigratorCliTests.Result top = run("help");
		assertThat(top.exit()).isZero();
		assertThat(top.out()).isEqualTo(run("--help").out()).contains("help", "Exit codes");
	}

	@Test
	void theHelpFitsEightyColumnsAndNeverSplitsAWord() {
		for (String command : COMMANDS) {
			assertThat(run(command, "--help").out().lines()).as(command).allSatisfy(line -> assertThat(line)
				.hasSizeLessThanOrEqualTo(MigratorCli.USAGE_WIDTH));
		}
		String top = run("--help").out();
		assertThat(top.lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
		// the exit codes as the README's table says them
		assertThat(top.replaceAll("\\s+", " ")).contains("jdbc:postgresql://…",
				"1 some images failed, are invalid or were cancelled",
				"2 usage, configuration or unreadable input (status, report, cancel: no ledger, or an older one)");
		assertThat(run("import", "--help").out()).as("a file name is not split")
			.contains("<inventory>-<command>-run-<id>.csv");
		assertThat(run("report", "--help").out()).contains("<inventory>-<job>-run-<id>.csv");
	}

	@Test
	void versionPrintsTheBuildsVersion() {
		MigratorCliTests.Result result = run("--version");
		assertThat(result.exit()).isZero();
		assertThat(result.out()).matches("ECS Image Migrator \\d+\\.\\d+\\.\\d+\\S* \\(built .+\\)\\R");
		// every subcommand's help offers -V, --version: it says the same
		for (String command : COMMANDS) {
			MigratorCliTests.Result sub = run(command, "--version");
			assertThat(sub.exit()).as(command).isZero();
			assertThat(sub.out()).as(command).isEqualTo(result.out());
		}
	}

	/** The exit codes the top help's footer names are the README's "Exit codes" table's, and ExitCodes'. */
	@Test
	void theHelpsExitCodesAreTheReadmesTable() throws Exception {
		String top = run("--help").out().replaceAll("\\s+", " ");
		String footer = top.substring(top.indexOf("Exit codes:"), top.indexOf("Spring properties"));
		List<Integer> inHelp = numbers(Pattern.compile("(?:: |, )(\\d+) [a-z]").matcher(footer));
		String readme = Files.readString(Path.of("README.md"));
		String table = readme.substring(readme.indexOf("### Exit codes"), readme.indexOf("###", readme.indexOf("### Exit codes") + 3));
		List<Integer> inReadme = numbers(Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(table));
		assertThat(inReadme).as("the README's table").contains(ExitCodes.OK, ExitCodes.IMAGES_FAILED, ExitCodes.USAGE,
				ExitCodes.DEFERRED, ExitCodes.INFRASTRUCTURE, ExitCodes.INTERRUPTED, ExitCodes.TERMINATED);
		assertThat(inHelp).as(footer).containsExactlyElementsOf(inReadme);
	}

	private static List<Integer> numbers(Matcher matcher) {
		return matcher.results().map(match -> Integer.valueOf(match.group(1))).collect(Collectors.toList());
	}

}
