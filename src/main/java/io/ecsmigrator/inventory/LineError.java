package io.ecsmigrator.inventory;

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
