package io.ecsmigrator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.support.Reports;
import io.ecsmigrator.support.Scenarios;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as an operator meets it: exit codes, messages, reports, and no stack traces for
 * their mistakes. Each test has its own data directory, so its own embedded ledger.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class MigratorCliTests {

	@TempDir
	Path dir;

	record Result(int exit, String out, String err) {

		String all() {
			return this.out + this.err;
		}

	}

	private Result run(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		if (all.stream().noneMatch(arg -> arg.startsWith("--spring.datasource.url="))) {
			all.add("--spring.datasource.url=jdbc:h2:file:" + this.dir.resolve("data/ledger") + TestDatabases.H2_OPTIONS);
		}
		return runOnDefaultLedger(all.toArray(String[]::new));
	}

	/** Without a datasource URL: the embedded ledger the migrator itself defaults to. */
	private Result runOnDefaultLedger(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--migrator.data-dir=" + this.dir.resolve("data"));
		return runCli(all.toArray(String[]::new));
	}

	/** Through picocli's out and err: the JVM's own streams are left alone. */
	static Result runCli(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = MigratorCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
		return new Result(exit, out.toString(), err.toString());
	}

	private static void assertNoStackTrace(Result result) {
		assertThat(result.all()).doesNotContain("\tat ").doesNotContainPattern("Exception(:|\\n)");
	}

	private List<String[]> csv(Path file) throws Exception {
		return Reports.read(file);
	}

	@Test
	void validatingAGoodInventoryExitsZeroAndWritesTheReport() throws Exception {
		Path report = this.dir.resolve("out/report.csv");
		Result result = run("validate", "--inventory", "jobs/sample/inventory.csv", "--report", report.toString());
		assertThat(result.exit()).isEqualTo(ExitCodes.OK);
		assertThat(result.out()).contains("load: 8 done", "PLANNED", "6", "Report: " + report.toAbsolutePath());
		List<String[]> rows = csv(report);
		assertThat(rows.get(0)).containsExactly("image_name", "region", "lines", "status", "image_id",
				"import_task_id", "error_code", "error_message", "hint", "attempts", "request_id", "updated_at",
				"task_status", "region_check", "warnings", "role_name", "resource_group_id");
		assertThat(rows).hasSize(7);
		assertThat(rows).extracting(row -> row[3]).containsOnly("status", "PLANNED");
		assertThat(rows).filteredOn(row -> row[0].equals("db-01")).singleElement()
			.satisfies(row -> assertThat(row[2]).isEqualTo("4-6"));
		assertNoStackTrace(result);
	}

	@Test
	void invalidImagesExitOneAndEveryLineIsInTheReport() throws Exception {
		Path report = this.dir.resolve("report.csv");
		Result result = run("validate", "--inventory", "jobs/sample/inventory-with-mistakes.csv", "--report",
				report.toString());
		assertThat(result.exit()).isEqualTo(ExitCodes.IMAGES_FAILED);
		assertThat(result.out()).contains("INVALID", "InvalidImageName.Duplicated", "need fixing",
				"jobs/sample/inventory-with-mistakes.csv: line 5, column 2 (region): RegionId.NotFound: "
						+ "'Hangzhou' is not a region id",
				"… every error is in the report.");
		// web-01 (lines 2;4) is given twice: its error on line 4 comes after those of 1-legacy on line 3
		assertThat(result.out().indexOf("csv: line 3, column 1 (image_name)"))
			.isPositive()
			.isLessThan(result.out().indexOf("csv: line 4, column 1 (image_name): InvalidImageName.Duplicated"));
		List<String[]> rows = csv(report);
		assertThat(rows).extracting(row -> row[2]).containsExactly("lines", "2;4", "3", "5", "6", "7", "8");
		assertThat(rows.get(2)[7]).contains("line 3, column 6 (format)", "InvalidFormat.Malformed");
		assertNoStackTrace(result);
	}

	@Test
	void sameCommandAgainOnACompletedInventoryAnswersAsTheFirstDid() {
		Result first = run("validate", "--inventory", "jobs/sample/inventory-with-mistakes.csv");
		Result again = run("validate", "--inventory", "jobs/sample/inventory-with-mistakes.csv");
		assertThat(again.exit()).as("a CI gate must not pass on a retry").isEqualTo(first.exit())
			.isEqualTo(ExitCodes.IMAGES_FAILED);
		assertThat(again.out()).contains("already completed; nothing to redo", "Report:", "need fixing");
	}

	@Test
	void missingFileIsAUsageErrorWithoutStackTrace() {
		Result result = run("validate", "--inventory", "no/such/inventory.csv");
		assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("error: no/such/inventory.csv: no such file");
		assertNoStackTrace(result);
	}

	@Test
	void unreadableInputsAreUsageErrorsNamingFileLineAndColumn() throws IOException {
		Path latin1 = this.dir.resolve("latin1.csv");
		Files.write(latin1, "image_name,region,oss_bucket,oss_object\ncaf\u00e9,cn-hangzhou,b1b,o\n"
			.getBytes(StandardCharsets.ISO_8859_1));
		Result notUtf8 = run("import", "--inventory", latin1.toString());
		assertThat(notUtf8.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(notUtf8.err()).contains("latin1.csv:2:4: the file is not UTF-8");

		Path empty = Files.writeString(this.dir.resolve("empty.csv"), "");
		assertThat(run("validate", "--inventory", empty.toString()).err()).contains("the file is empty");

		Path header = Files.writeString(this.dir.resolve("header.csv"), "name,region\nweb,cn-hangzhou\n");
		Result badHeader = run("validate", "--inventory", header.toString());
		assertThat(badHeader.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(badHeader.err()).contains("header.csv:1: the header lacks the required columns image_name, "
				+ "oss_bucket, oss_object");
		assertNoStackTrace(badHeader);
	}

	@Test
	void unknownColumnsAreAWarningAndTheRunGoesOn() throws IOException {
		Path file = Files.writeString(this.dir.resolve("extra.csv"),
				"image_name,region,oss_bucket,oss_object,owner\nweb,cn-hangzhou,dc1-disks,a.raw,ops\n");
		Result result = run("validate", "--inventory", file.toString());
		assertThat(result.exit()).isEqualTo(ExitCodes.OK);
		assertThat(result.err()).contains("warning:", "column 'owner' (column 5) is not an inventory column");
	}

	@Test
	void usageMistakesExitTwo() {
		assertThat(run("validate").exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(run("frobnicate").exit()).isEqualTo(ExitCodes.USAGE);
		Result threads = run("import", "--inventory", "jobs/sample/inventory.csv", "--threads", "65");
		assertThat(threads.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(threads.err()).contains("error: --threads must be between 1 and 64, not 65");
		assertNoStackTrace(threads);
		Result help = run("--help");
		assertThat(help.exit()).isZero();
		assertThat(help.out()).contains("validate", "import", "status", "report", "Exit codes");
	}

	@Test
	void theReadmeDemoImportsTheSampleIntoTheSandboxAndWaits() {
		Result result = run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox",
				"jobs/sandbox/sample-wave.yaml", "--wait", "--migrator.track.poll-interval=200ms");
		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.OK);
		assertThat(result.out()).contains("nothing is sent to Alibaba Cloud", "AVAILABLE                     6");
		assertThat(result.all()).doesNotContain("testSecret");
		Result again = run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox",
				"jobs/sandbox/sample-wave.yaml");
		assertThat(again.exit()).isEqualTo(ExitCodes.OK);
		assertThat(again.out()).contains("already completed");
	}

	@Test
	void aMissingImportRoleStopsTheRunWithExitThreeAndBothFixes() throws IOException {
		Path scenario = Scenarios.sampleWave().noImportRole().writeTo(this.dir.resolve("no-role.yaml"));
		Result result = run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString());
		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(result.err()).contains("AliyunECSImageImportDefaultRole does not exist",
				"attach the system policy AliyunECSImageImportRolePolicy", "run the same command again");
		assertNoStackTrace(result);
	}

	@Test
	void anAccountThatMayNotImportStopsAllCallsWithExitThreeAndTheFix() throws IOException {
		Path scenario = Scenarios.sampleWave().importForbidden().writeTo(this.dir.resolve("forbidden.yaml"));
		Result result = run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString());
		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(result.out()).contains("deferred", "Forbbiden", "the account may not import images");
		assertNoStackTrace(result);
	}

	@Test
	void waitingEndsAtTheTimeoutWithTheImportsStillRunningReported() throws IOException {
		Path scenario = Scenarios.sampleWave().importSeconds(3600).writeTo(this.dir.resolve("slow.yaml"));
		Result result = run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString(),
				"--wait", "--migrator.track.timeout=1s", "--migrator.track.poll-interval=300ms");
		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(result.out()).contains("6 import(s) still running", "--wait again");
	}

	@Test
	void aCloudThatKeepsFailingIsAnInfrastructureFailureAndTheReportShowsHowFarItGot() throws IOException {
		Path scenario = Scenarios.sampleWave().errorRate(1.0).writeTo(this.dir.resolve("down.yaml"));
		Result result = run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString(),
				"--migrator.retry.max-attempts=2", "--migrator.retry.base=1ms", "--migrator.preflight.sweep-pause=1ms");
		// no chunk fails: every image is left unchecked after the sweeps, and the run says how many
		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.INFRASTRUCTURE);
		assertThat(result.out()).contains("PLANNED", "Report:", "6 image(s) are left unchecked",
				"run the same command again");
		assertThat(result.err()).contains("warning: importRole", "could not be verified");
		assertNoStackTrace(result);
	}

	@Test
	void aKeyWithoutRamRightsGetsAWarningAndTheRunGoesOn() throws IOException {
		Path scenario = this.dir.resolve("ecs-only.yaml");
		Files.writeString(scenario, Files.readString(Path.of("jobs/sandbox/sample-wave.yaml"))
			.replace("ramDenied: false", "ramDenied: true"));
		Result result = run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString());
		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.OK);
		assertThat(result.err()).contains("warning: importRole", "ram:GetRole and ram:ListPoliciesForRole");
		assertNoStackTrace(result);
	}

	@Test
	void anAccountNotInTheWhiteListStopsAllCallsWithExitThree() throws IOException {
		Path scenario = this.dir.resolve("not-allowed.yaml");
		Files.writeString(scenario, Files.readString(Path.of("jobs/sandbox/sample-wave.yaml"))
			.replace("notInWhiteList: false", "notInWhiteList: true"));
		Result result = run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString());
		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(result.out()).contains("deferred", "UserNotInTheWhiteList", "allow list");
		assertNoStackTrace(result);
	}

	@Test
	void aSkewedClockStopsTheRunWithExitThreeAndAnNtpHint() throws IOException {
		Path scenario = this.dir.resolve("skewed.yaml");
		Files.writeString(scenario, Files.readString(Path.of("jobs/sandbox/sample-wave.yaml"))
			.replace("checkTimestamps: false", "checkTimestamps: true")
			.replace("clockOffsetSeconds: 0", "clockOffsetSeconds: 1200"));
		Result result = run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString());
		assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.DEFERRED);
		assertThat(result.err()).contains("InvalidTimeStamp.Expired", "NTP", "run the same command again");
		assertNoStackTrace(result);
	}

	@Test
	void cancelStopsTheImportsInFlightAndTheRunThenEnds() throws IOException {
		Path scenario = Scenarios.sampleWave().importSeconds(3600).writeTo(this.dir.resolve("slow.yaml"));
		assertThat(run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString()).exit())
			.isZero();
		Result cancel = run("cancel", "--run", "1", "--sandbox", scenario.toString());
		assertThat(cancel.exit()).as(cancel.all()).isZero();
		assertThat(cancel.out()).contains("6 import(s) cancelled");
		Result after = run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString(),
				"--wait");
		assertThat(after.exit()).as("cancelled images did not reach their goal: %s", after.all())
			.isEqualTo(ExitCodes.IMAGES_FAILED);
		assertThat(after.out()).contains("CANCELLED                     6", "6 import(s) were cancelled",
				"new inventory file");
		assertThat(run("cancel", "--run", "9").exit()).isEqualTo(ExitCodes.USAGE);
	}

	@Test
	void cancelledImagesAreImportedAgainByANewInventoryFileAsNewImagesNotAdopted() throws Exception {
		Path scenario = Scenarios.sampleWave().importSeconds(3600).writeTo(this.dir.resolve("slow.yaml"));
		Path first = this.dir.resolve("first.csv");
		assertThat(run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString(),
				"--report", first.toString()).exit()).isZero();
		assertThat(run("cancel", "--run", "1", "--sandbox", scenario.toString()).exit()).isZero();
		Map<String, String> cancelledIds = new HashMap<>();
		csv(first).stream().skip(1).forEach(row -> cancelledIds.put(row[0], row[4]));
		assertThat(cancelledIds).hasSize(6).doesNotContainValue("");

		// the hint's way forward: the cancelled lines in a new inventory file, against the same cloud
		Path retry = Files.copy(Path.of("jobs/sample/inventory.csv"), this.dir.resolve("wave1-retry.csv"));
		Scenarios.sampleWave().importSeconds(1).writeTo(scenario);
		Path report = this.dir.resolve("retry.csv");
		Result again = run("import", "--inventory", retry.toString(), "--sandbox", scenario.toString(), "--wait",
				"--report", report.toString());

		assertThat(again.exit()).as(again.all()).isZero();
		assertThat(again.out()).doesNotContain("ALREADY_IMPORTED", "imported before");
		assertThat(csv(report).subList(1, csv(report).size())).hasSize(6).allSatisfy(row -> {
			assertThat(row[3]).as("status of %s", row[0]).isEqualTo("AVAILABLE");
			assertThat(row[4]).as("a new image, not the cancelled import's").isNotEmpty()
				.isNotEqualTo(cancelledIds.get(row[0]));
		});
	}

	@Test
	void aNewRunAdoptsTheImportsOfTheRunBeforeThatStillRunAndFollowsThemInsteadOfCallingThemImported()
			throws Exception {
		Path scenario = Scenarios.sampleWave().importSeconds(3600).writeTo(this.dir.resolve("slow.yaml"));
		Path first = this.dir.resolve("first.csv");
		assertThat(run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString(),
				"--report", first.toString()).exit()).isZero();
		Map<String, String> runningIds = new HashMap<>();
		csv(first).subList(1, 7).forEach(row -> runningIds.put(row[0], row[4]));

		// the operator edits the inventory while the imports still run: a new run, with the same file name
		Path edited = Files.createDirectories(this.dir.resolve("edited")).resolve("inventory.csv");
		Files.writeString(edited, Files.readString(Path.of("jobs/sample/inventory.csv")) + "\n");
		Path report = this.dir.resolve("edited.csv");
		Result again = run("import", "--inventory", edited.toString(), "--sandbox", scenario.toString(), "--report",
				report.toString());

		assertThat(again.exit()).as(again.all()).isZero();
		assertThat(csv(report).subList(1, 7)).allSatisfy(row -> {
			assertThat(row[3]).as("%s is still importing: followed, not ALREADY_IMPORTED", row[0])
				.isEqualTo("SUBMITTED");
			assertThat(row[4]).as("the running import adopted, none sent twice").isEqualTo(runningIds.get(row[0]));
		});
	}

	@Test
	void cancelGoesOnPastImportsThatHadAlreadyEndedAndCountsThem() throws Exception {
		// web-02 is deleted behind the migrator's back at once: its task is over before the cancel
		// (and the sandbox launched by cancel no longer knows it: InvalidTaskId.NotFound)
		Path scenario = this.dir.resolve("slow-one-gone.yaml");
		Files.writeString(scenario, Files.readString(Path.of("jobs/sandbox/sample-wave.yaml"))
			.replaceFirst("importSeconds: \\d+", "importSeconds: 3600")
			.replaceFirst("deleteImages: \\[\\]", "deleteImages: [{ name: web-02, afterSeconds: 0 }]"));
		assertThat(run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString()).exit())
			.isZero();

		Result cancel = run("cancel", "--run", "1", "--sandbox", scenario.toString());

		assertThat(cancel.exit()).as(cancel.all()).isEqualTo(ExitCodes.OK);
		assertThat(cancel.out()).contains("5 import(s) cancelled, 1 had already ended",
				"0 recorded now, the others by the next import --wait");
		assertNoStackTrace(cancel);
		Path report = this.dir.resolve("after-cancel.csv");
		Result after = run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", scenario.toString(),
				"--wait", "--report", report.toString(), "--migrator.track.not-found-grace=0s");
		assertThat(after.exit()).as(after.all()).isEqualTo(ExitCodes.IMAGES_FAILED);
		assertThat(after.out()).contains("CANCELLED                     5");
		assertThat(csv(report)).filteredOn(row -> row[0].equals("web-02"))
			.singleElement()
			.satisfies(row -> {
				assertThat(row[3]).isEqualTo("IMPORT_FAILED");
				assertThat(row[12]).startsWith("NotFound");
			});
	}

	@Test
	void statusListsRunsAndReportRewritesOne() throws Exception {
		run("validate", "--inventory", "jobs/sample/inventory-with-mistakes.csv");
		run("import", "--inventory", "jobs/sample/inventory.csv", "--sandbox", "jobs/sandbox/sample-wave.yaml");
		Result status = run("status");
		assertThat(status.exit()).isZero();
		assertThat(status.out()).contains("validate", "COMPLETED", "INVALID 6", "import", "SUBMITTED 6",
				"inventory-with-mistakes.csv", "in flight: cn-hangzhou 3, cn-shanghai 3");
		Path out = this.dir.resolve("again.csv");
		Result report = run("report", "--run", "1", "--out", out.toString());
		assertThat(report.exit()).isZero();
		assertThat(csv(out)).hasSize(7);
		assertThat(run("report", "--run", "99").exit()).isEqualTo(ExitCodes.USAGE);
		Result cancel = run("cancel", "--run", "99");
		assertThat(cancel.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(cancel.err()).contains("no run 99 in the ledger");
	}

	@Test
	void reportOutAFolderWritesTheDefaultNameThereAndAPathThatCannotBeWrittenIsAUsageError() throws Exception {
		run("validate", "--inventory", "jobs/sample/inventory.csv");
		Path folder = Files.createDirectories(this.dir.resolve("reports-here"));
		Result report = run("report", "--run", "1", "--out", folder.toString());
		assertThat(report.exit()).as(report.all()).isZero();
		assertThat(folder.resolve("inventory-validate-run-1.csv")).as("the name import and validate give it")
			.exists();
		assertThat(run("report", "--run", "1").out()).contains("inventory-validate-run-1.csv");

		Path file = Files.writeString(this.dir.resolve("a-file"), "not a folder");
		Result blocked = run("report", "--run", "1", "--out", file.resolve("report.csv").toString());
		assertThat(blocked.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(blocked.err()).contains("cannot write the report to", "a part of the path is a file");
		assertNoStackTrace(blocked);
		try (var left = Files.list(this.dir)) {
			assertThat(left.map(Path::toString)).noneMatch(name -> name.endsWith(".partial"));
		}
	}

	@Test
	void statusReportAndCancelNeverCreateALedgerWhereNoneIs() {
		for (String[] command : List.of(new String[] { "status" }, new String[] { "report" },
				new String[] { "cancel", "--run", "1" })) {
			Result result = runOnDefaultLedger(command);
			assertThat(result.exit()).as(String.join(" ", command)).isEqualTo(ExitCodes.USAGE);
			assertThat(result.err()).contains("there is no ledger in", "'import' or 'validate' creates it");
			assertNoStackTrace(result);
		}
		assertThat(this.dir.resolve("data/ledger.mv.db")).doesNotExist();
	}

	@Test
	void anUnreachableLedgerIsAnInfrastructureFailure() {
		Result result = run("status", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none");
		assertThat(result.exit()).isEqualTo(ExitCodes.INFRASTRUCTURE);
		assertThat(result.err()).contains("the ledger database cannot be used");
		assertNoStackTrace(result);
	}

}
