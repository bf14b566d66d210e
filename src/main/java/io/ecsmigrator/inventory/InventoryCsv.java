package io.ecsmigrator.inventory;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.opencsv.CSVParserBuilder;
import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.ICSVParser;

/** Opens an inventory with the one CSV dialect the migrator reads. */
final class InventoryCsv {

	/** A quoted field that spans more lines than this is taken for an unclosed quote. */
	static final int MULTILINE_LIMIT = 100;

	private InventoryCsv() {
	}

	/**
	 * RFC 4180 quoting ({@code ""} inside quotes), no backslash escapes (Windows paths stay
	 * intact), spaces before an opening quote ignored, a UTF-8 byte order mark skipped.
	 */
	static CSVReader open(Path path) throws IOException {
		return open(path, 0);
	}

	/**
	 * Opens the file with its first {@code skipLines} physical lines already consumed; the reader's
	 * line count then starts after them.
	 */
	static CSVReader open(Path path, int skipLines) throws IOException {
		BufferedReader text = openLines(path, skipLines);
		var parser = new CSVParserBuilder().withSeparator(',')
			.withQuoteChar('"')
			.withEscapeChar(ICSVParser.NULL_CHARACTER)
			.withIgnoreLeadingWhiteSpace(true)
			.build();
		return new CSVReaderBuilder(text).withCSVParser(parser).withMultilineLimit(MULTILINE_LIMIT).build();
	}

	/** The file's physical lines, the first {@code skipLines} of them already read. */
	static BufferedReader openLines(Path path, int skipLines) throws IOException {
		InputStream in = new BufferedInputStream(Files.newInputStream(path), 64 * 1024);
		skipByteOrderMark(in);
		BufferedReader text = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
		for (int i = 0; i < skipLines; i++) {
			text.readLine();
		}
		return text;
	}

	/**
	 * A physical line split at every comma, quotes dropped: what a line an unclosed quote took in
	 * most probably meant, good enough to name its image in a message, never to import it.
	 */
	static String[] naiveFields(String line) {
		return line.replace("\"", "").split(",", -1);
	}

	private static void skipByteOrderMark(InputStream in) throws IOException {
		in.mark(3);
		byte[] head = in.readNBytes(3);
		if (!(head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF)) {
			in.reset();
		}
	}

	static boolean blank(String[] fields) {
		for (String field : fields) {
			if (!field.isBlank()) {
				return false;
			}
		}
		return true;
	}

}
