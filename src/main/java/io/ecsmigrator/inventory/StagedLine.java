package io.ecsmigrator.inventory;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An inventory line as staged: its values (trimmed, enum values in the API's spelling, absent ones
 * {@code null}), the key of the image it belongs to, and every error found on it.
 */
public record StagedLine(int lineNo, String groupKey, Map<InventoryColumn, String> values, List<LineError> errors) {

	public StagedLine {
		values = Collections.unmodifiableMap(new EnumMap<>(values));
		errors = List.copyOf(errors);
	}

	public String value(InventoryColumn column) {
		return this.values.get(column);
	}

	public boolean valid() {
		return this.errors.isEmpty();
	}

}
