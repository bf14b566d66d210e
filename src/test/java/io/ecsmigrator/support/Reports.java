package io.ecsmigrator.support;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.opencsv.CSVReader;

/** Reports as tests read them. */
public final class Reports {

	private Reports() {
	}

	/**
	 * A report's rows, read as a spreadsheet (Excel, Python's utf-8-sig) reads it: its UTF-8
	 * byte-order mark, when there is one, is not part of the first header cell.
	 */
	public static List<String[]> read(Path report) throws Exception {
		BufferedReader text = Files.newBufferedReader(report);
		text.mark(1);
		if (text.read() != '\uFEFF') {
			text.reset();
		}
		try (CSVReader csv = new CSVReader(text)) {
			return csv.readAll();
		}
	}

}
