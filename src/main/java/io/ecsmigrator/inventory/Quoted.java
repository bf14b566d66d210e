package io.ecsmigrator.inventory;

/**
 * A value from the inventory as a message quotes it: control characters escaped, so that a line
 * break in a cell cannot break the console's, the log's or the report's line, and cut to a length a
 * person reads, with the value's real length said. The report's value columns keep more (up to
 * {@link DiskLineValidator#MAX_VALUE_LENGTH}); a message never needs more than its start.
 */
public final class Quoted {

	/** Characters of a value a message shows before it cuts. */
	static final int SHOWN = 64;

	private Quoted() {
	}

	/**
	 * {@code 'web\n01'} (a backslash shows as {@code \\}), or {@code 'aaaa…' (52,428,800 characters)} for a value longer than
	 * {@value #SHOWN} characters.
	 */
	public static String of(String value) {
		int length = value.codePointCount(0, value.length());
		return (length > SHOWN) ? "%s (%,d characters)".formatted(cut(value), length) : cut(value);
	}

	/** Quoted, escaped and cut like {@link #of}, without the length. */
	public static String cut(String value) {
		StringBuilder shown = new StringBuilder("'");
		int count = 0;
		for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
			if (count++ == SHOWN) {
				shown.append('…');
				break;
			}
			int c = value.codePointAt(i);
			// a backslash doubled: 'web\\n01' holds a backslash and an n, 'web\n01' a line break
			shown.append((c == '\\') ? "\\\\" : escaped(c));
		}
		return shown.append('\'').toString();
	}

	/**
	 * A whole text with its control and invisible characters escaped, neither quoted nor cut: for a
	 * line printed as it is, whose values another part may have quoted without escaping. Backslashes
	 * are left as they are: the text's quoted values already doubled theirs.
	 */
	public static String escapedText(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		text.codePoints().forEach(c -> escaped.append(escaped(c)));
		return escaped.toString();
	}

	/** A character as a message may print it: {@code \n}, {@code \t}, {@code \u0007}, or itself. */
	static String escaped(int c) {
		return switch (c) {
			case '\n' -> "\\n";
			case '\r' -> "\\r";
			case '\t' -> "\\t";
			default -> unprintable(c) ? "\\u%04X".formatted(c) : Character.toString(c);
		};
	}

	/**
	 * Control characters, and the ones that move or reorder text without showing (line and paragraph
	 * separators, bidirectional overrides, zero-width characters, the byte-order mark).
	 */
	static boolean unprintable(int c) {
		int type = Character.getType(c);
		return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
				|| type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
				|| type == Character.SURROGATE || type == Character.PRIVATE_USE;
	}

}
