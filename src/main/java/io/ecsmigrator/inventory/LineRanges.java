package io.ecsmigrator.inventory;

import java.util.ArrayList;
import java.util.List;

/** Writes line numbers compactly, as an operator reads them: {@code 3-5;9}. */
public final class LineRanges {

	private LineRanges() {
	}

	/** @param lines line numbers in ascending order */
	public static String of(List<Integer> lines) {
		List<String> ranges = new ArrayList<>();
		int i = 0;
		while (i < lines.size()) {
			int start = lines.get(i);
			int end = start;
			while (i + 1 < lines.size() && lines.get(i + 1) == end + 1) {
				end = lines.get(++i);
			}
			ranges.add((start == end) ? Integer.toString(start) : start + "-" + end);
			i++;
		}
		return String.join(";", ranges);
	}

}
