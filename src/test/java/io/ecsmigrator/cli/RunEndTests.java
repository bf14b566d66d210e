package io.ecsmigrator.cli;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.ecsmigrator.job.RunOptions;
import io.ecsmigrator.ledger.ImageMessage;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.report.RunSummary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each way a run can stop with work left says what is left and why, and nothing else. */
class RunEndTests {

	private static final RunOptions WAIT = new RunOptions(false, true, 8);

	private static final RunOptions NO_WAIT = RunOptions.DEFAULTS;

	private static final RunOptions DRY_RUN = new RunOptions(true, false, 8);

	private static final Duration SIX_HOURS = Duration.ofHours(6);

	@Test
	void everyImageAvailableIsExitZeroWithNothingToSay() {
		RunEnd end = RunEnd.of(summary(ImageStatus.AVAILABLE, 5), true, WAIT, false, SIX_HOURS);
		assertThat(end.exitCode()).isZero();
		assertThat(end.lines()).isEmpty();
	}

	@Test
	void unansweredIntentsAskForAnotherLaunchAndNameNoTimeout() {
		RunEnd end = RunEnd.of(summary(ImageStatus.SUBMITTING, 57, ImageStatus.AVAILABLE, 243), true, WAIT, false,
				SIX_HOURS);
		assertThat(end.exitCode()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(text(end)).contains("57 image(s) were sent but the run stopped before their answers were recorded",
				"run the same command again").doesNotContain("timeout", "still running");
	}

	@Test
	void importsStillRunningAfterTheTimeoutNameTheTimeoutAndItsValue() {
		RunEnd end = RunEnd.of(summary(ImageStatus.SUBMITTED, 6), true, WAIT, true, SIX_HOURS);
		assertThat(end.exitCode()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(text(end)).contains("6 import(s) still running after migrator.track.timeout (6h)", "--wait again");
	}

	@Test
	void importsStillRunningUnderWaitWithoutATimeoutDoNotBlameIt() {
		RunEnd end = RunEnd.of(summary(ImageStatus.SUBMITTED, 6), true, WAIT, false, SIX_HOURS);
		assertThat(end.exitCode()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(text(end)).contains("6 import(s) still running in ECS", "--wait again").doesNotContain("timeout");
	}

	@Test
	void importsRunningWithoutWaitAreNotAFailure() {
		RunEnd end = RunEnd.of(summary(ImageStatus.SUBMITTED, 6), true, NO_WAIT, false, SIX_HOURS);
		assertThat(end.exitCode()).isZero();
		assertThat(text(end)).contains("6 import(s) running in ECS", "with --wait to follow them");
	}

	@Test
	void imagesCheckedButNotSentAskForAnotherLaunch() {
		RunEnd end = RunEnd.of(summary(ImageStatus.VERIFIED, 143, ImageStatus.SUBMITTED, 100), true, NO_WAIT, false,
				SIX_HOURS);
		assertThat(end.exitCode()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(text(end)).contains("143 image(s) were checked but not sent", "100 import(s) running in ECS");
	}

	@Test
	void aDryRunWithReadyImagesIsNotWorkLeft() {
		RunEnd end = RunEnd.of(summary(ImageStatus.VERIFIED, 4, ImageStatus.VERIFY_FAILED, 1), true, DRY_RUN, false,
				SIX_HOURS);
		assertThat(end.exitCode()).isEqualTo(ExitCodes.IMAGES_FAILED);
		assertThat(text(end)).contains("Dry run: nothing was imported. 4 image(s) are ready", "1 image(s) need fixing");
	}

	@Test
	void imagesLeftUncheckedAfterTheSweepsAreAnInfrastructureFailureThatNamesHowMany() {
		RunEnd end = RunEnd.of(summary(ImageStatus.PLANNED, 3, ImageStatus.VERIFIED, 2), true, NO_WAIT, false,
				SIX_HOURS);
		assertThat(end.exitCode()).isEqualTo(ExitCodes.INFRASTRUCTURE);
		assertThat(text(end)).contains("3 image(s) are left unchecked", "every retry and sweep",
				"run the same command again", "2 image(s) were checked but not sent");
	}

	@Test
	void uncheckedImagesOutweighDeferredOnesAndFailedOnes() {
		RunEnd end = RunEnd.of(summary(ImageStatus.PLANNED, 1, ImageStatus.DEFERRED, 2, ImageStatus.VERIFY_FAILED, 1,
				ImageStatus.AVAILABLE, 5), true, WAIT, false, SIX_HOURS);
		assertThat(end.exitCode()).isEqualTo(ExitCodes.INFRASTRUCTURE);
		assertThat(text(end)).contains("1 image(s) are left unchecked", "2 image(s) deferred", "1 image(s) need fixing");
	}

	@Test
	void aValidateRunLeavesImagesPlannedByDesign() {
		RunEnd end = RunEnd.of(summary(ImageStatus.PLANNED, 3, ImageStatus.INVALID, 1), false, NO_WAIT, false,
				SIX_HOURS);
		assertThat(end.exitCode()).isEqualTo(ExitCodes.IMAGES_FAILED);
		assertThat(text(end)).doesNotContain("not checked").contains("1 image(s) need fixing");
	}

	@Test
	void deferredImagesAskForAFixAndAnotherLaunchAndCarryTheirReasons() {
		RunEnd end = RunEnd.of(summary(ImageStatus.DEFERRED, 7, ImageStatus.AVAILABLE, 5), true, WAIT, false,
				SIX_HOURS);
		assertThat(end.exitCode()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(end.lines()).singleElement().satisfies(line -> {
			assertThat(line.text()).startsWith("7 image(s) deferred: fix what stopped them");
			assertThat(line.deferredReasons()).isTrue();
		});
	}

	@Test
	void everyKindOfWorkLeftIsSaidAtOnce() {
		RunEnd end = RunEnd.of(summary(ImageStatus.DEFERRED, 1, ImageStatus.SUBMITTING, 2, ImageStatus.SUBMITTED, 3,
				ImageStatus.IMPORT_FAILED, 4), true, WAIT, true, Duration.ofMinutes(90));
		assertThat(end.exitCode()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(end.lines()).hasSize(4);
		assertThat(text(end)).contains("1 image(s) deferred", "2 image(s) were sent",
				"3 import(s) still running after migrator.track.timeout (90m)", "4 image(s) need fixing");
	}

	@Test
	void cancelledImportsDidNotReachTheirGoalAndSayHowToImportThemAgain() {
		RunEnd end = RunEnd.of(summary(ImageStatus.CANCELLED, 2, ImageStatus.AVAILABLE, 4), true, WAIT, false,
				SIX_HOURS);
		assertThat(end.exitCode()).isEqualTo(ExitCodes.IMAGES_FAILED);
		assertThat(text(end)).contains("2 import(s) were cancelled", "new inventory file (a new run)");
	}

	@Test
	void imagesImportedBeforeAreNamedWithTheirLinesAndAreNotAnError() {
		Map<ImageStatus, Long> byStatus = Map.of(ImageStatus.ALREADY_IMPORTED, 2L, ImageStatus.AVAILABLE, 4L);
		RunSummary summary = new RunSummary(1, 8, byStatus, Map.of(), List.of(
				importedBefore(3, "3", "web-01", "m-bp1aaa"), importedBefore(5, "5-7", "db-01", "m-bp1bbb")));

		RunEnd end = RunEnd.of(summary, true, WAIT, false, SIX_HOURS);

		assertThat(end.exitCode()).isZero();
		assertThat(end.lines()).extracting(RunEnd.Line::text).containsExactly(
				"2 image(s) were imported before (found in the account with this project's tag) and are taken as "
						+ "they are: not an error, nothing to do.",
				"  line 3: 'web-01' in cn-hangzhou, image m-bp1aaa", "  lines 5-7: 'db-01' in cn-hangzhou, image m-bp1bbb");
	}

	@Test
	void moreImagesImportedBeforeThanNamedPointToTheReport() {
		RunSummary summary = new RunSummary(1, 40, Map.of(ImageStatus.ALREADY_IMPORTED, 40L), Map.of(),
				List.of(importedBefore(2, "2", "web-01", "m-1")));

		RunEnd end = RunEnd.of(summary, true, WAIT, false, SIX_HOURS);

		assertThat(end.exitCode()).isZero();
		assertThat(text(end)).startsWith("40 image(s) were imported before")
			.endsWith("… every one is in the report, with the status ALREADY_IMPORTED.");
	}

	private static ImageMessage importedBefore(int firstLine, String lines, String name, String imageId) {
		return new ImageMessage(firstLine, lines, name, "cn-hangzhou", ImageStatus.ALREADY_IMPORTED, imageId, null,
				"imported before, as " + imageId);
	}

	@Test
	void durationsAreWrittenAsTheSettingWouldBe() {
		assertThat(RunEnd.human(Duration.ofHours(6))).isEqualTo("6h");
		assertThat(RunEnd.human(Duration.ofMinutes(90))).isEqualTo("90m");
		assertThat(RunEnd.human(Duration.ofSeconds(45))).isEqualTo("45s");
		assertThat(RunEnd.human(Duration.ofMillis(1500))).isEqualTo("1500ms");
	}

	private static String text(RunEnd end) {
		return String.join("\n", end.lines().stream().map(RunEnd.Line::text).toList());
	}

	private static RunSummary summary(Object... statusesAndCounts) {
		Map<ImageStatus, Long> byStatus = new EnumMap<>(ImageStatus.class);
		for (int i = 0; i < statusesAndCounts.length; i += 2) {
			byStatus.put((ImageStatus) statusesAndCounts[i], ((Integer) statusesAndCounts[i + 1]).longValue());
		}
		return new RunSummary(1, byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus, Map.of());
	}

}
