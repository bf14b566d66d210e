package io.ecsmigrator.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;
import com.opencsv.exceptions.CsvMalformedLineException;
import com.opencsv.exceptions.CsvMultilineLimitBrokenException;

/**
 * The checks of an inventory as a whole, before any line is loaded: it exists, it is UTF-8, it is
 * not empty, its header names the required columns. One streaming pass also hashes the content,
 * which (with the path) identifies the run, so memory stays constant whatever the file's size.
 */
public class InventoryFileInspector {

	public InventoryFile inspect(Path given) {
		Path path = given.toAbsolutePath().normalize();
		if (!Files.exists(path)) {
			throw new InventoryFileException("%s: no such file".formatted(given));
		}
		if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
			throw new InventoryFileException("%s: not a readable file".formatted(given));
		}
		Scan scan;
		try {
			scan = scan(path, given);
		}
		catch (IOException ex) {
			throw new InventoryFileException("%s: cannot be read: %s".formatted(given, ex.getMessage()));
		}
		if (!scan.hasContent) {
			throw new InventoryFileException("%s: the file is empty; it needs a header row and one row per disk"
				.formatted(given));
		}
		InventoryHeader header = readHeader(path, given);
		return new InventoryFile(path, scan.sha256, scan.lines, header);
	}

	/** Reads the header again, for a step that runs after the inspection. */
	public InventoryHeader readHeader(Path path, Path given) {
		String name = given.toString();
		try (CSVReader csv = InventoryCsv.open(path)) {
			String[] cells = nextNonBlank(csv);
			if (cells == null) {
				throw new InventoryFileException("%s: the file is empty; it needs a header row and one row per disk"
					.formatted(name));
			}
			InventoryHeader header = InventoryHeader.parse(name, cells);
			try {
				if (nextNonBlank(csv) == null) {
					throw new InventoryFileException("%s: the file has a header but no disk rows".formatted(name));
				}
			}
			catch (CsvMalformedLineException | CsvMultilineLimitBrokenException ex) {
				// there is a first row, if a broken one: the load step reports it on its line
			}
			return header;
		}
		catch (IOException | CsvException ex) {
			throw new InventoryFileException("%s:1: the header row cannot be read: %s".formatted(name, ex.getMessage()));
		}
	}

	private static String[] nextNonBlank(CSVReader csv) throws IOException, CsvException {
		String[] cells;
		do {
			cells = csv.readNext();
		}
		while (cells != null && InventoryCsv.blank(cells));
		return cells;
	}

	private record Scan(String sha256, long lines, boolean hasContent) {
	}

	private static Scan scan(Path path, Path given) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
		CharBuffer chars = CharBuffer.allocate(64 * 1024);
		long line = 1;
		long column = 1;
		long newlines = 0;
		boolean hasContent = false;
		boolean atStart = true;
		try (InputStream in = Files.newInputStream(path)) {
			byte[] buffer = new byte[64 * 1024];
			int n;
			boolean eof = false;
			while (!eof) {
				n = in.read(buffer, 0, bytes.remaining());
				eof = n < 0;
				if (n > 0) {
					digest.update(buffer, 0, n);
					bytes.put(buffer, 0, n);
				}
				bytes.flip();
				CoderResult result = decoder.decode(bytes, chars, eof);
				if (result.isError()) {
					int bad = bytes.get(bytes.position()) & 0xFF;
					chars.flip();
					for (int i = 0; i < chars.length(); i++) {
						if (chars.charAt(i) == '\n') {
							line++;
							column = 1;
						}
						else {
							column++;
						}
					}
					throw new InventoryFileException(notUtf8(given, bad, line, column, atStart));
				}
				chars.flip();
				for (int i = 0; i < chars.length(); i++) {
					char c = chars.charAt(i);
					if (atStart && c == '\uFEFF') {
						continue;
					}
					atStart = false;
					if (c == '\n') {
						newlines++;
						line++;
						column = 1;
					}
					else {
						column++;
						hasContent |= !Character.isWhitespace(c);
					}
				}
				chars.clear();
				bytes.compact();
			}
			CoderResult flush = decoder.flush(chars);
			if (flush.isError()) {
				throw new CharacterCodingException();
			}
		}
		return new Scan(HexFormat.of().formatHex(digest.digest()), newlines + 1, hasContent);
	}

	private static String notUtf8(Path given, int bad, long line, long column, boolean atStart) {
		String guess = (atStart && (bad == 0xFF || bad == 0xFE)) ? " (it looks like UTF-16)" : "";
		return ("%s:%d:%d: the file is not UTF-8%s: byte 0x%02X cannot start or continue a character. "
				+ "Save it as UTF-8 (in Excel: \"CSV UTF-8\")").formatted(given, line, column, guess, bad);
	}

}
