package io.ecsmigrator.inventory;

/**
 * One record of the inventory as read, before validation.
 *
 * @param lineNo the physical line the record starts on (the header is line 1)
 * @param fields the record's fields as opencsv split them
 * @param parseError what made the record unreadable (an unclosed quote), or {@code null}
 */
public record RawLine(int lineNo, String[] fields, String parseError) {

	public static RawLine of(int lineNo, String[] fields) {
		return new RawLine(lineNo, fields, null);
	}

	public static RawLine unreadable(int lineNo, String parseError) {
		return new RawLine(lineNo, new String[0], parseError);
	}

}
