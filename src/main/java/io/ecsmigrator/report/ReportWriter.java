package io.ecsmigrator.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.format.DateTimeFormatter;

import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;

import io.ecsmigrator.ledger.ImageOutcome;
import io.ecsmigrator.ledger.ImageRepository;

import org.springframework.stereotype.Component;

/**
 * Writes a run's outcome report: one line per image, in inventory order, columns as the README's
 * "The report" fixes them, UTF-8 with a byte-order mark unless {@code migrator.report.byte-order-mark}
 * is off. Cells a spreadsheet would run as a formula are escaped. The file is
 * written beside its target and moved into place, so a reader never sees half a report.
 */
@Component
public class ReportWriter {

	public static final String[] COLUMNS = { "image_name", "region", "lines", "status", "image_id",
			"import_task_id", "error_code", "error_message", "hint", "attempts", "request_id", "updated_at",
			// appended by issue 10: the import task's end, how preflight decided the buckets' region, warnings
			"task_status", "region_check", "warnings",
			// appended by issue 11: the RAM role ECS read the disk files with, the image's resource group
			"role_name", "resource_group_id" };

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

	/** U+FEFF, written first as the bytes EF BB BF when {@link ReportProperties#byteOrderMark()} is on. */
	static final char BYTE_ORDER_MARK = '\uFEFF';

	private final ImageRepository images;

	private final ReportProperties properties;

	public ReportWriter(ImageRepository images, ReportProperties properties) {
		this.images = images;
		this.properties = properties;
	}

	/**
	 * The one rule for a report's file name: {@code <inventory>-<job>-run-<id>.csv}, as {@code import}
	 * and {@code validate} write it and {@code report} writes it again.
	 *
	 * @param inventory the inventory's path or file name
	 */
	public static String defaultName(String inventory, String jobName, long runId) {
		String name = java.nio.file.Path.of(inventory).getFileName().toString();
		int dot = name.lastIndexOf('.');
		return "%s-%s-run-%d.csv".formatted((dot > 0) ? name.substring(0, dot) : name, jobName, runId);
	}

	/**
	 * Writes the report to a partial file beside the target and moves it into place, so a reader
	 * never sees half a report; on any failure the partial file is removed.
	 *
	 * @return the number of images written
	 */
	public long write(long runId, Path target) throws IOException {
		Path absolute = target.toAbsolutePath();
		Files.createDirectories(absolute.getParent());
		Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
		long[] count = { 0 };
		try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
				CSVWriter csv = new CSVWriter(out, ',', ICSVWriter.DEFAULT_QUOTE_CHARACTER,
						ICSVWriter.DEFAULT_QUOTE_CHARACTER, "\r\n")) {
			if (this.properties.byteOrderMark()) {
				out.write(BYTE_ORDER_MARK);
			}
			csv.writeNext(COLUMNS, false);
			this.images.forEachOutcome(runId, outcome -> {
				csv.writeNext(row(outcome), false);
				count[0]++;
			});
			csv.flush();
			if (csv.checkError()) {
				throw new IOException("writing " + partial + " failed");
			}
		}
		catch (UncheckedIOException ex) {
			Files.deleteIfExists(partial);
			throw ex.getCause();
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(partial);
			throw ex;
		}
		try {
			Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			Files.deleteIfExists(partial);
			throw ex;
		}
		return count[0];
	}

	static String[] row(ImageOutcome o) {
		return new String[] { cell(o.imageName()), cell(o.region()), cell(o.lines()), o.status().name(),
				cell(o.imageId()), cell(o.importTaskId()), cell(o.errorCode()), cell(o.errorMessage()),
				cell(o.hint()), Integer.toString(o.attempts()), cell(o.requestId()), UTC.format(o.updatedAt()),
				cell(o.taskStatus()), cell(o.regionCheck()), cell(o.warnings()), cell(o.roleName()),
				cell(o.resourceGroupId()) };
	}

	/**
	 * A value as a spreadsheet will show it: a cell starting with {@code = + - @}, a tab or a
	 * carriage return would be run as a formula (CSV injection), so it gets a leading apostrophe.
	 */
	static String cell(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		char first = value.charAt(0);
		if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
			return "'" + value;
		}
		return value;
	}

}
