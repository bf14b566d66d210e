package io.ecsmigrator.inventory;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One thing wrong with an inventory line or with the image its lines form.
 *
 * @param lineNo the inventory line it is about
 * @param columnNo 1-based column in the file, or {@code null} when it is about the whole line
 * @param column the column's header name, or {@code null}
 * @param code the error code the ImportImage API would answer, or an {@code Inventory.*} code
 * where the API has none
 * @param message what is wrong, quoting the value
 * @param hint what the operator can do about it
 */
public record LineError(int lineNo, Integer columnNo, String column, String code, String message, String hint) {

	/** What joins the errors (and the hints) of one image in one cell of the ledger and the report. */
	public static final String SEPARATOR = " | ";

	/**
	 * A separator that begins an error, {@code line L[, column C (name)]: code: }: a separator inside
	 * a quoted value (an invalid image name may hold one) is followed by no such start.
	 */
	private static final Pattern BETWEEN_ERRORS = Pattern.compile(Pattern.quote(SEPARATOR)
			+ "(?=line \\d+(, column \\d+ \\([a-z_]+\\))?: [A-Za-z0-9]+(\\.[A-Za-z0-9]+)*: )");

	/** The errors, or the hints, of one image as one cell. */
	public static String join(Collection<String> parts) {
		return String.join(SEPARATOR, parts);
	}

	/** The errors of a cell that {@link #join} made of {@link #toString()}s, each whole. */
	public static List<String> split(String cell) {
		return Arrays.asList(BETWEEN_ERRORS.split(cell));
	}

	/** {@code line 12, column 3 (format)} or {@code line 12}. */
	public String location() {
		return (this.columnNo != null) ? "line %d, column %d (%s)".formatted(this.lineNo, this.columnNo, this.column)
				: "line " + this.lineNo;
	}

	@Override
	public String toString() {
		return location() + ": " + this.code + ": " + this.message;
	}

}
