package io.ecsmigrator.inventory;

import java.util.List;

/**
 * One record of the inventory as read, before validation.
 *
 * @param lineNo the physical line the record starts on (the header is line 1)
 * @param fields the record's fields as opencsv split them; for an unreadable record, the fields of
 * its first line split at every comma, so that its image can still be named
 * @param parseError what made the record unreadable (an unclosed quote), or {@code null}
 * @param swallowed the lines an unclosed quote took into the record, or {@code null}
 */
public record RawLine(int lineNo, String[] fields, String parseError, Swallowed swallowed) {

	public RawLine(int lineNo, String[] fields, String parseError) {
		this(lineNo, fields, parseError, null);
	}

	public static RawLine of(int lineNo, String[] fields) {
		return new RawLine(lineNo, fields, null);
	}

	public static RawLine unreadable(int lineNo, String parseError) {
		return new RawLine(lineNo, new String[0], parseError);
	}

	/**
	 * The lines after an unclosed quote's line that the quote took in, up to its end.
	 *
	 * @param lastLine the last physical line taken in
	 * @param first the first of those lines that are not blank, each split at every comma (as many
	 * as a message names, not all: a quote left open may take the rest of a large file)
	 * @param more how many lines that are not blank follow those
	 */
	public record Swallowed(int lastLine, List<RawLine> first, int more) {

		public Swallowed {
			first = List.copyOf(first);
		}

	}

}
