package io.ecsmigrator.inventory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where each known column stands in the file, and which header cells are not ours.
 *
 * @param positions 0-based field index of each column present
 * @param fieldCount number of fields in the header row
 * @param unknownColumns header cells that name no column, kept to warn about them
 */
public record InventoryHeader(Map<InventoryColumn, Integer> positions, int fieldCount, List<String> unknownColumns) {

	public InventoryHeader {
		positions = Collections.unmodifiableMap(new EnumMap<>(positions));
		unknownColumns = List.copyOf(unknownColumns);
	}

	/**
	 * Reads a header row; a missing required column, a repeated column or an empty header row is an
	 * error of the whole file.
	 */
	public static InventoryHeader parse(String fileName, String[] cells) {
		Map<InventoryColumn, Integer> positions = new EnumMap<>(InventoryColumn.class);
		List<String> unknown = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < cells.length; i++) {
			String cell = cells[i].strip();
			if (cell.isEmpty()) {
				continue;
			}
			int index = i;
			InventoryColumn.fromHeader(cell).ifPresentOrElse(column -> {
				Integer previous = positions.putIfAbsent(column, index);
				if (previous != null) {
					problems.add("column '%s' appears twice (columns %d and %d)".formatted(column.header(), previous + 1,
							index + 1));
				}
			}, () -> unknown.add("%s (column %d)".formatted(Quoted.of(cell), index + 1)));
		}
		List<String> missing = java.util.Arrays.stream(InventoryColumn.values())
			.filter(c -> c.required() && !positions.containsKey(c))
			.map(InventoryColumn::header)
			.toList();
		if (!missing.isEmpty()) {
			problems.add("the header lacks the required column%s %s".formatted(missing.size() > 1 ? "s" : "",
					String.join(", ", missing)));
		}
		String otherDelimiter = missing.isEmpty() ? null : otherDelimiter(cells, missing);
		if (otherDelimiter != null) {
			throw new InventoryFileException(("%s:1: the columns are separated by %s, not by commas (Excel saves "
					+ "\"CSV\" so in many locales). Save the file as \"CSV UTF-8 (comma delimited)\", or export it "
					+ "with a comma as the list separator.").formatted(fileName, otherDelimiter));
		}
		if (!problems.isEmpty()) {
			throw new InventoryFileException("%s:1: %s. The header row must name at least %s.".formatted(fileName,
					String.join("; ", problems), requiredColumns()));
		}
		return new InventoryHeader(positions, cells.length, unknown);
	}

	/**
	 * A header whose cells, split at semicolons (Excel's list separator where the decimal mark is a
	 * comma) or tabs, name the missing required columns: the file was saved with that delimiter.
	 *
	 * @param missing the headers of the required columns the cells do not name
	 * @return how a message names the delimiter, or {@code null}
	 */
	private static String otherDelimiter(String[] cells, List<String> missing) {
		for (String delimiter : List.of(";", "\t")) {
			boolean named = java.util.Arrays.stream(cells)
				.filter(cell -> cell.contains(delimiter))
				.flatMap(cell -> java.util.Arrays.stream(cell.split(delimiter)))
				.map(name -> InventoryColumn.fromHeader(name.strip()))
				.flatMap(java.util.Optional::stream)
				.anyMatch(column -> missing.contains(column.header()));
			if (named) {
				return delimiter.equals(";") ? "semicolons (;)" : "tabs";
			}
		}
		return null;
	}

	public boolean has(InventoryColumn column) {
		return this.positions.containsKey(column);
	}

	/** The 1-based column number of a column in the file, as a spreadsheet would show it. */
	public int columnNo(InventoryColumn column) {
		return this.positions.get(column) + 1;
	}

	/**
	 * An error on a line, placed at the column's position in this file; a column the file lacks, or
	 * none, makes it an error of the whole line.
	 */
	public LineError error(int lineNo, InventoryColumn column, String code, String message, String hint) {
		Integer columnNo = (column != null && has(column)) ? columnNo(column) : null;
		return new LineError(lineNo, columnNo, (column != null) ? column.header() : null, code, message, hint);
	}

	private static String requiredColumns() {
		return java.util.Arrays.stream(InventoryColumn.values())
			.filter(InventoryColumn::required)
			.map(InventoryColumn::header)
			.collect(Collectors.joining(", "));
	}

}
