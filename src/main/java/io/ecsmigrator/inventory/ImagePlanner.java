package io.ecsmigrator.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns the lines that share a region and image name into one image, and checks the rules that
 * span lines: one system disk, no index twice, at most 17 disks, and image fields that agree.
 */
public class ImagePlanner {

	/** Fields that describe the image rather than one disk: all disk lines must agree on them. */
	static final List<InventoryColumn> IMAGE_FIELDS = List.of(InventoryColumn.ARCHITECTURE, InventoryColumn.OS_TYPE,
			InventoryColumn.PLATFORM, InventoryColumn.DESCRIPTION, InventoryColumn.BOOT_MODE,
			InventoryColumn.LICENSE_TYPE, InventoryColumn.TAGS, InventoryColumn.ROLE_NAME,
			InventoryColumn.RESOURCE_GROUP_ID);

	static final int MAX_DISKS = 17;

	private final Hints hints;

	public ImagePlanner(Hints hints) {
		this.hints = hints;
	}

	/**
	 * @param lines the staged lines of one group, in any order
	 * @param header where columns stand, to name them in errors
	 */
	public PlannedImage plan(List<StagedLine> lines, InventoryHeader header) {
		List<StagedLine> sorted = lines.stream().sorted(Comparator.comparingInt(StagedLine::lineNo)).toList();
		StagedLine first = sorted.get(0);
		List<LineError> errors = new ArrayList<>();
		sorted.forEach(line -> errors.addAll(line.errors()));

		Map<InventoryColumn, String> attributes = new EnumMap<>(InventoryColumn.class);
		for (InventoryColumn field : IMAGE_FIELDS) {
			agreedValue(sorted, field, header, errors).ifPresent(value -> attributes.put(field, value));
		}
		List<PlannedDisk> disks = disks(sorted, header, errors);
		if ("arm64".equals(attributes.get(InventoryColumn.ARCHITECTURE))
				&& !"UEFI".equals(attributes.get(InventoryColumn.BOOT_MODE))) {
			errors.add(header.error(first.lineNo(), InventoryColumn.BOOT_MODE, ErrorCodes.ARM64_NEEDS_UEFI,
					"an arm64 image must boot with UEFI", this.hints.hint(ErrorCodes.ARM64_NEEDS_UEFI)));
		}
		String lineRanges = LineRanges.of(sorted.stream().map(StagedLine::lineNo).toList());
		return new PlannedImage(first.lineNo(), first.value(InventoryColumn.REGION),
				first.value(InventoryColumn.IMAGE_NAME), lineRanges, sorted.size(), attributes,
				errors.isEmpty() ? disks : List.of(), errors);
	}

	/** The one value the lines give a field; data disk lines may leave it empty. */
	private java.util.Optional<String> agreedValue(List<StagedLine> lines, InventoryColumn field,
			InventoryHeader header, List<LineError> errors) {
		Map<String, List<Integer>> linesByValue = new LinkedHashMap<>();
		for (StagedLine line : lines) {
			String value = line.value(field);
			if (value != null) {
				linesByValue.computeIfAbsent(value, v -> new ArrayList<>()).add(line.lineNo());
			}
		}
		if (linesByValue.size() > 1) {
			String conflict = linesByValue.entrySet()
				.stream()
				.map(e -> "%s on line%s %s".formatted(Quoted.of(e.getKey()), e.getValue().size() > 1 ? "s" : "",
						LineRanges.of(e.getValue())))
				.collect(Collectors.joining(", "));
			int at = linesByValue.values().stream().skip(1).findFirst().orElseThrow().get(0);
			errors.add(header.error(at, field, ErrorCodes.INCONSISTENT_IMAGE,
					"the disk lines of this image disagree on %s: %s".formatted(field.header(), conflict),
					this.hints.hint(ErrorCodes.INCONSISTENT_IMAGE, field.header())));
		}
		return linesByValue.keySet().stream().findFirst();
	}

	private List<PlannedDisk> disks(List<StagedLine> lines, InventoryHeader header,
			List<LineError> errors) {
		StagedLine first = lines.get(0);
		Map<Integer, List<Integer>> linesByIndex = new TreeMap<>();
		List<PlannedDisk> disks = new ArrayList<>();
		for (StagedLine line : lines) {
			String index = line.value(InventoryColumn.DISK_INDEX);
			if (index == null || !line.valid()) {
				continue; // already reported on its line
			}
			int diskIndex = Integer.parseInt(index);
			linesByIndex.computeIfAbsent(diskIndex, i -> new ArrayList<>()).add(line.lineNo());
			String size = line.value(InventoryColumn.DISK_SIZE_GIB);
			disks.add(new PlannedDisk(line.lineNo(), diskIndex, line.value(InventoryColumn.OSS_BUCKET),
					line.value(InventoryColumn.OSS_OBJECT), line.value(InventoryColumn.FORMAT),
					(size != null) ? Integer.valueOf(size) : null));
		}
		if (lines.size() > MAX_DISKS) {
			errors.add(header.error(lines.get(MAX_DISKS).lineNo(), null, ErrorCodes.TOO_MANY_DISKS,
					"image %s has %d disk lines; an image has at most %d disks (1 system, 16 data)".formatted(
							Quoted.of(first.value(InventoryColumn.IMAGE_NAME)), lines.size(), MAX_DISKS),
					this.hints.hint(ErrorCodes.TOO_MANY_DISKS)));
		}
		linesByIndex.forEach((index, onLines) -> {
			if (onLines.size() < 2) {
				return;
			}
			if (index == 1) {
				errors.add(header.error(onLines.get(1), InventoryColumn.IMAGE_NAME, ErrorCodes.IMAGE_NAME_DUPLICATED,
						"image %s in %s is given more than once: lines %s each declare a system disk".formatted(
								Quoted.of(first.value(InventoryColumn.IMAGE_NAME)), first.value(InventoryColumn.REGION),
								LineRanges.of(onLines)),
						this.hints.hint(ErrorCodes.IMAGE_NAME_DUPLICATED + "/system-disk-twice")));
			}
			else {
				errors.add(header.error(onLines.get(1), InventoryColumn.DISK_INDEX, ErrorCodes.DUPLICATE_DISK_INDEX,
						"disk_index %d is given on lines %s".formatted(index, LineRanges.of(onLines)),
						this.hints.hint(ErrorCodes.DUPLICATE_DISK_INDEX)));
			}
		});
		boolean indexesKnown = lines.stream().allMatch(StagedLine::valid);
		if (indexesKnown && !linesByIndex.containsKey(1)) {
			errors.add(header.error(first.lineNo(), InventoryColumn.DISK_INDEX, ErrorCodes.MISSING_SYSTEM_DISK,
					"image %s has no system disk (disk_index 1)".formatted(
							Quoted.of(first.value(InventoryColumn.IMAGE_NAME))),
					this.hints.hint(ErrorCodes.MISSING_SYSTEM_DISK)));
		}
		disks.sort(Comparator.comparingInt(PlannedDisk::diskIndex));
		return disks;
	}

}
