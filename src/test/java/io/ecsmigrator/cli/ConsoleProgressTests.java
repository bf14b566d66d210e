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

	/** The clock of the progress under test, in nanoseconds; see {@link #at(long)}. */
	private long now;

	@Test
	void theBarFillsOneCellPerItsShareOfTheTotal() {
		assertThat(ConsoleProgress.bar(0, 200, 20)).isEqualTo("[" + ".".repeat(20) + "]");
		assertThat(ConsoleProgress.bar(50, 200, 20)).isEqualTo("[#####" + ".".repeat(15) + "]");
		assertThat(ConsoleProgress.bar(50, 200, 10)).isEqualTo("[##" + ".".repeat(8) + "]");
		assertThat(ConsoleProgress.bar(250, 200, 20)).as("never past full").isEqualTo("[" + "#".repeat(20) + "]");
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
	void onATerminalTheLineShowsLessWhenItWouldNotFitSoItNeverWrapsAndAShorterLineBlanksTheRest() {
		ConsoleProgress progress = terminal(40);
		progress.started("submit", 1_000_000);
		at(1_000);
		progress.advanced("submit", 999, 1_000_000);
		List<String> screen = screen(this.out.toString(StandardCharsets.UTF_8), 40);
		assertThat(screen).as("no bar: the counts fit the last column left free")
			.containsExactly("submit: 999 of ~1,000,000 (0%), 999/s");

		at(10_000);
		progress.advanced("submit", 999_999, 1_000_000);
		screen = screen(this.out.toString(StandardCharsets.UTF_8), 40);
		assertThat(screen).as("the percentage alone, and nothing of the counts behind it")
			.containsExactly("submit: 99%, 100,000/s");
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
		ConsoleProgress progress = pipe(Duration.ZERO);
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

	@Test
	void onAPipeStepsRunningAtOnceEachPrintTheirOwnLinesAtTheirOwnIntervalAndRate() {
		ConsoleProgress progress = pipe(Duration.ofSeconds(5));
		progress.started("preflight", 10_000);
		at(2_000);
		progress.started("submit", 10_000);
		at(5_000);
		progress.advanced("preflight", 500, 10_000);
		at(6_000);
		progress.advanced("submit", 100, 10_000);
		at(7_000);
		progress.advanced("submit", 200, 10_000);
		at(8_000);
		progress.advanced("preflight", 800, 10_000);
		at(10_000);
		progress.advanced("preflight", 1_000, 10_000);
		at(11_000);
		progress.finished("submit", 300, Duration.ofSeconds(9));
		at(12_000);
		progress.advanced("preflight", 1_200, 10_000);
		at(15_000);
		progress.advanced("preflight", 1_500, 10_000);
		at(16_000);
		progress.finished("preflight", 1_600, Duration.ofSeconds(16));

		// submit's 5 s count from its own start (2 s), not from preflight's last line (5 s)
		assertThat(this.out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
				"preflight: 500 of ~10,000 (5%), 100/s", "submit: 200 of ~10,000 (2%), 40/s",
				"preflight: 1,000 of ~10,000 (10%), 100/s", "submit: 300 done in 9.0 s",
				"preflight: 1,500 of ~10,000 (15%), 100/s", "preflight: 1,600 done in 16.0 s");
	}

	@Test
	void onATerminalOneLineShowsEveryRunningStepAndAStepThatEndsLeavesItAboveTheOthers() {
		ConsoleProgress progress = terminal(120);
		progress.started("preflight", 200);
		at(1_000);
		progress.started("submit", 200);
		at(2_000);
		progress.advanced("preflight", 100, 200);
		at(3_000);
		progress.advanced("submit", 20, 200);
		String both = "preflight [##########..........] 100 of ~200 (50%), 50/s"
				+ " | submit    [##..................] 20 of ~200 (10%), 10/s";
		assertThat(screen(this.out.toString(StandardCharsets.UTF_8), 120)).containsExactly(both);

		progress.warning("importRole", "no RAM rights");
		assertThat(this.err.toString(StandardCharsets.UTF_8))
			.isEqualTo("warning: importRole: no RAM rights%n".formatted());
		assertThat(screen(this.out.toString(StandardCharsets.UTF_8), 120)).as("the line is shown again")
			.containsExactly(both);

		at(4_000);
		progress.finished("preflight", 200, Duration.ofSeconds(4));
		assertThat(screen(this.out.toString(StandardCharsets.UTF_8), 120)).containsExactly(
				"preflight: 200 done in 4.0 s", "submit    [##..................] 20 of ~200 (10%), 10/s");

		at(5_000);
		progress.advanced("submit", 120, 200);
		at(6_000);
		progress.stopped("submit", 150, "STOPPED");
		assertThat(screen(this.out.toString(StandardCharsets.UTF_8), 120)).containsExactly(
				"preflight: 200 done in 4.0 s", "submit: STOPPED after 150 committed", "");
	}

	@Test
	void onATerminalEachStepRedrawsAtItsOwnIntervalAndTheLineShowsTheOthersLatestCount() {
		// 5 s between plain lines: on a terminal a step's part is redrawn at most every 200 ms
		ConsoleProgress progress = new ConsoleProgress(print(this.out), print(this.err), true, () -> 120,
				Duration.ofSeconds(5), () -> this.now);
		progress.started("preflight", 1_000);
		progress.started("submit", 1_000);
		at(1_000);
		progress.advanced("preflight", 100, 1_000);
		at(1_100);
		progress.advanced("submit", 50, 1_000);
		String first = "preflight [##..................] 100 of ~1,000 (10%), 100/s"
				+ " | submit    [#...................] 50 of ~1,000 (5%), 45/s";
		assertThat(screen(this.out.toString(StandardCharsets.UTF_8), 120))
			.as("submit's last line was its start, not preflight's redraw 100 ms ago")
			.containsExactly(first);

		at(1_150);
		progress.advanced("preflight", 130, 1_000);
		assertThat(screen(this.out.toString(StandardCharsets.UTF_8), 120)).as("preflight redrew 150 ms ago")
			.containsExactly(first);

		at(1_400);
		progress.advanced("submit", 80, 1_000);
		assertThat(screen(this.out.toString(StandardCharsets.UTF_8), 120))
			.as("with preflight's count it did not draw")
			.containsExactly("preflight [##..................] 130 of ~1,000 (13%), 113/s"
					+ " | submit    [#...................] 80 of ~1,000 (8%), 57/s");
	}

	@Test
	void onATerminalALateCountNeverMovesAStepBackAndAStepWithoutATotalShowsItsCountAlone() {
		ConsoleProgress progress = terminal(80);
		progress.started("submit", 100);
		at(1_000);
		progress.advanced("submit", 40, 100);
		// two senders' answers, reported in the other order
		progress.advanced("submit", 39, 100);
		progress.started("track", -1);
		at(2_000);
		progress.advanced("track", 3, -1);

		assertThat(screen(this.out.toString(StandardCharsets.UTF_8), 80))
			.containsExactly("submit    [########............] 40 of ~100 (40%), 40/s | track: 3, 3/s");
	}

	@Test
	void onATerminalTooNarrowForEveryStepsBarEachStepShowsLessSoTheLastOneStaysOnTheLine() {
		assertThat(twoStepsOn(126)).as("wide enough for both bars")
			.isEqualTo("preflight [#########...........] 4,800 of ~10,000 (48%), 96/s"
					+ " | submit    [####................] 2,100 of ~10,000 (21%), 42/s");
		assertThat(twoStepsOn(125)).as("one column less: the last column stays free")
			.isEqualTo("preflight [####......] 4,800 of ~10,000 (48%), 96/s"
					+ " | submit    [##........] 2,100 of ~10,000 (21%), 42/s");
		assertThat(twoStepsOn(80))
			.isEqualTo("preflight: 4,800 of ~10,000 (48%), 96/s | submit: 2,100 of ~10,000 (21%), 42/s");
		assertThat(twoStepsOn(60)).isEqualTo("preflight: 48%, 96/s | submit: 21%, 42/s");
		assertThat(twoStepsOn(30)).as("cut when even the shortest does not fit, so it never wraps")
			.isEqualTo("preflight: 48%, 96/s | submit");
	}

	/** The in-place line of preflight and submit, both 50 s in, on a terminal this wide. */
	private String twoStepsOn(int columns) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ConsoleProgress progress = new ConsoleProgress(print(bytes), print(this.err), true, () -> columns,
				Duration.ZERO, () -> this.now);
		at(0);
		progress.started("preflight", 10_000);
		progress.started("submit", 10_000);
		at(50_000);
		progress.advanced("preflight", 4_800, 10_000);
		progress.advanced("submit", 2_100, 10_000);
		List<String> screen = screen(bytes.toString(StandardCharsets.UTF_8), columns);
		assertThat(screen).as("one row").hasSize(1);
		return screen.get(0);
	}

	/** Not a terminal, with this interval between a step's lines. */
	private ConsoleProgress pipe(Duration interval) {
		return new ConsoleProgress(print(this.out), print(this.err), false, () -> {
			throw new AssertionError("a pipe has no width");
		}, interval, () -> this.now);
	}

	/** A terminal this wide, with every update shown (no interval between lines). */
	private ConsoleProgress terminal(int columns) {
		return new ConsoleProgress(print(this.out), print(this.err), true, () -> columns, Duration.ZERO,
				() -> this.now);
	}

	/** Moves the clock to this many milliseconds after the test's start. */
	private void at(long millis) {
		this.now = millis * 1_000_000;
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
