package io.ecsmigrator.inventory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvMalformedLineException;
import com.opencsv.exceptions.CsvMultilineLimitBrokenException;

import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Streams the records of an inventory one at a time, each with the line it starts on, so memory
 * stays constant whatever the file's size. Blank lines are not records. A record that cannot be
 * parsed (an unclosed quote) is still returned, as an unreadable line, so it reaches the report.
 * <p>
 * Restartable: the step's execution context keeps how many records were read, and a restart skips
 * that many before handing out the next.
 */
public class InventoryReader extends AbstractItemCountingItemStreamItemReader<RawLine> {

	private final Path path;

	private CSVReader csv;

	private boolean exhausted;

	/** Physical lines before the current opencsv reader's first line. */
	private int lineOffset;

	public InventoryReader(Path path) {
		this.path = path;
		setName("inventoryReader");
	}

	@Override
	protected void doOpen() throws Exception {
		this.csv = InventoryCsv.open(this.path);
		this.exhausted = false;
		this.lineOffset = 0;
		String[] header;
		do {
			header = this.csv.readNext();
		}
		while (header != null && InventoryCsv.blank(header));
	}

	@Override
	protected RawLine doRead() throws Exception {
		while (!this.exhausted) {
			int lineNo = this.lineOffset + (int) this.csv.getLinesRead() + 1;
			String[] fields;
			try {
				fields = this.csv.readNext();
			}
			catch (CsvMultilineLimitBrokenException ex) {
				// opencsv's parser stays inside the quote: go on with a fresh one after the lines it took
				int consumed = this.lineOffset + (int) this.csv.getLinesRead();
				this.csv.close();
				this.csv = InventoryCsv.open(this.path, consumed);
				this.lineOffset = consumed;
				return swallowed(lineNo, consumed, "a quoted field opened on this line is not closed within %d lines"
					.formatted(InventoryCsv.MULTILINE_LIMIT));
			}
			catch (CsvMalformedLineException ex) {
				this.exhausted = true;
				return swallowed(lineNo, Integer.MAX_VALUE,
						"a quoted field opened on this line is not closed before the end of the file");
			}
			if (fields == null) {
				this.exhausted = true;
			}
			else if (!InventoryCsv.blank(fields)) {
				return RawLine.of(lineNo, fields);
			}
		}
		return null;
	}

	/**
	 * An unreadable record, with the lines its unclosed quote took in read again one by one, so that
	 * the message can name the range and the images that were in it.
	 *
	 * @param last the last line the quote took in, or {@link Integer#MAX_VALUE} for the end of the file
	 */
	private RawLine swallowed(int lineNo, int last, String parseError) throws IOException {
		try (BufferedReader lines = InventoryCsv.openLines(this.path, lineNo - 1)) {
			String opening = lines.readLine();
			List<RawLine> first = new ArrayList<>();
			int at = lineNo;
			int more = 0;
			for (String line = (at < last) ? lines.readLine() : null; line != null;
					line = (at < last) ? lines.readLine() : null) {
				at++;
				if (line.isBlank()) {
					continue;
				}
				if (first.size() < SWALLOWED_NAMED) {
					first.add(RawLine.of(at, InventoryCsv.naiveFields(line)));
				}
				else {
					more++;
				}
			}
			String[] fields = (opening != null) ? InventoryCsv.naiveFields(opening) : new String[0];
			return new RawLine(lineNo, fields, parseError, new RawLine.Swallowed(at, first, more));
		}
	}

	/** Lines taken in by an unclosed quote whose images a message names. */
	static final int SWALLOWED_NAMED = 10;

	@Override
	protected void doClose() throws Exception {
		if (this.csv != null) {
			this.csv.close();
			this.csv = null;
		}
	}

}
