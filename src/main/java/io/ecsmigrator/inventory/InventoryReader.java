package io.ecsmigrator.inventory;

import java.nio.file.Path;

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
				return RawLine.unreadable(lineNo, ("a quoted field opened on this line is not closed within %d lines; "
						+ "lines %d to %d were read as part of it").formatted(InventoryCsv.MULTILINE_LIMIT, lineNo,
								consumed));
			}
			catch (CsvMalformedLineException ex) {
				this.exhausted = true;
				return RawLine.unreadable(lineNo,
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

	@Override
	protected void doClose() throws Exception {
		if (this.csv != null) {
			this.csv.close();
			this.csv = null;
		}
	}

}
