package io.ecsmigrator.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the inventory's {@code tags} column, {@code key=value;key=value}: the one reading
 * of that syntax, for the line validator and the ImportImage request alike, so the tags checked
 * are the tags sent.
 *
 * @param key the text before the first {@code =}, stripped (the whole entry when there is none)
 * @param value the text after the first {@code =}, stripped; empty when there is none
 * @param keyValue whether the entry has an {@code =} at all
 * @param written the entry as written, stripped, for messages
 */
public record InventoryTag(String key, String value, boolean keyValue, String written) {

	/** The entries of a tags cell in order, blank ones left out; none for {@code null}. */
	public static List<InventoryTag> parse(String tags) {
		List<InventoryTag> parsed = new ArrayList<>();
		if (tags == null) {
			return parsed;
		}
		for (String entry : tags.split(";")) {
			if (entry.isBlank()) {
				continue;
			}
			int eq = entry.indexOf('=');
			parsed.add(new InventoryTag((eq < 0 ? entry : entry.substring(0, eq)).strip(),
					(eq < 0) ? "" : entry.substring(eq + 1).strip(), eq >= 0, entry.strip()));
		}
		return parsed;
	}

}
