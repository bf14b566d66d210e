package io.ecsmigrator.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void theBarFillsOneCellPerFivePercent() {
		assertThat(ConsoleProgress.bar(0, 200)).isEqualTo("[" + ".".repeat(20) + "]");
		assertThat(ConsoleProgress.bar(50, 200)).isEqualTo("[#####" + ".".repeat(15) + "]");
		assertThat(ConsoleProgress.bar(250, 200)).as("never past full").isEqualTo("[" + "#".repeat(20) + "]");
	}

	@Test
	void onATerminalTheDoneLineLeavesNothingOfTheLongerBarBehindIt() {
		ConsoleProgress progress = terminal(120);
		progress.started("preflight", 150);
		progress.advanced("preflight", 133, 150);
		progress.finished("preflight", 150, Duration.ofMillis(5_900));

		List<String> screen = screen(this.out.toString(StandardCharsets.UTF_8), 120);
		assertThat(screen).containsExactly("preflight: 150 done in 5.9 s", "");
	}

	@Test
	void onATerminalTheBarIsCutToItsWidthSoItNeverWrapsAndAShorterLineBlanksTheRest() {
		ConsoleProgress progress = terminal(40);
		progress.started("submit", 1_000_000);
		progress.advanced("submit", 999_999, 1_000_000);
		List<String> screen = screen(this.out.toString(StandardCharsets.UTF_8), 40);
		assertThat(screen).as("one row, the last column left free").hasSize(1);
		assertThat(screen.get(0)).hasSize(39).startsWith("submit    [###################.]");

		progress.started("track", -1);
		progress.advanced("track", 3, -1);
		screen = screen(this.out.toString(StandardCharsets.UTF_8), 40);
		assertThat(screen).hasSize(1);
		assertThat(screen.get(0)).as("nothing of the bar stays behind the count").startsWith("track: 3, ")
			.doesNotContain("[", "#");
	}

	@Test
	void onATerminalANoticeOrAWarningStartsOnALineOfItsOwn() {
		ConsoleProgress progress = terminal(80);
		progress.started("submit", 60);
		progress.advanced("submit", 30, 60);
		progress.notice("Stopping (Ctrl-C): …");
		progress.advanced("submit", 31, 60);
		progress.stopped("submit", 31, "STOPPED");

		List<String> screen = screen(this.out.toString(StandardCharsets.UTF_8), 80);
		assertThat(screen).containsExactly("Stopping (Ctrl-C): …", "submit: STOPPED after 31 committed", "");
	}

	@Test
	void onAPipeEveryLineIsPlainWithoutCarriageReturns() {
		ConsoleProgress progress = new ConsoleProgress(print(this.out), print(this.err), false, () -> {
			throw new AssertionError("a pipe has no width");
		}, Duration.ZERO);
		progress.started("submit", 60);
		progress.advanced("submit", 30, 60);
		progress.advanced("submit", 60, 60);
		progress.finished("submit", 60, Duration.ofSeconds(2));

		String printed = this.out.toString(StandardCharsets.UTF_8);
		assertThat(printed).doesNotContain("\r", "[");
		assertThat(printed.lines()).hasSize(3)
			.first()
			.asString()
			.startsWith("submit: 30 of ~60 (50%), ");
		assertThat(printed.lines().toList().get(2)).isEqualTo("submit: 60 done in 2.0 s");
	}

	/** A terminal this wide, with every update shown (no interval between lines). */
	private ConsoleProgress terminal(int columns) {
		return new ConsoleProgress(print(this.out), print(this.err), true, () -> columns, Duration.ZERO);
	}

	private static PrintWriter print(ByteArrayOutputStream bytes) {
		return new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
	}

	/**
	 * What a terminal this wide shows after the output: a carriage return goes back to the start of
	 * the row, a character past the last column wraps to a new row; trailing blanks are dropped.
	 */
	private static List<String> screen(String output, int columns) {
		List<StringBuilder> rows = new ArrayList<>();
		rows.add(new StringBuilder());
		int column = 0;
		for (char c : output.toCharArray()) {
			StringBuilder row = rows.get(rows.size() - 1);
			if (c == '\r') {
				column = 0;
			}
			else if (c == '\n') {
				rows.add(new StringBuilder());
				column = 0;
			}
			else {
				if (column == columns) {
					row = new StringBuilder();
					rows.add(row);
					column = 0;
				}
				if (column < row.length()) {
					row.setCharAt(column, c);
				}
				else {
					row.append(c);
				}
				column++;
			}
		}
		return rows.stream().map(row -> row.toString().stripTrailing()).toList();
	}

}
