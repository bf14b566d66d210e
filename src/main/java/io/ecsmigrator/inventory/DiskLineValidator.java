package io.ecsmigrator.inventory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.ecsmigrator.images.PlanTag;

/**
 * Checks one inventory line on its own against the rules of ImportImage. It reports every error of
 * the line, not only the first. Rules that need the other lines of the same image (one system
 * disk, consistent image fields) belong to {@link ImagePlanner}.
 */
public class DiskLineValidator {

	/**
	 * Longest value the ledger and the report keep of any cell; a longer one is reported, checked
	 * whole (so every message names its real length) and then cut.
	 */
	public static final int MAX_VALUE_LENGTH = 4096;

	/** ImportImage takes 20 tags; one of them is this project's. */
	public static final int MAX_USER_TAGS = 19;

	private static final Pattern IMAGE_NAME_CHARS = Pattern.compile("[A-Za-z\\p{IsHan}0-9.:_-]*");

	private static final Pattern IMAGE_NAME_START = Pattern.compile("[A-Za-z\\p{IsHan}]");

	private static final Pattern REGION_ID = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");

	private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

	private static final Set<String> CONVERTIBLE_FORMATS = Set.of("vmdk", "vhdx", "vdi", "iso", "ova", "ovf", "img");

	private final InventoryHeader header;

	private final Hints hints;

	private final DiskSizeLimits limits;

	public DiskLineValidator(InventoryHeader header, Hints hints) {
		this(header, hints, DiskSizeLimits.CONTRACT);
	}

	public DiskLineValidator(InventoryHeader header, Hints hints, DiskSizeLimits limits) {
		this.limits = limits;
		this.header = header;
		this.hints = hints;
	}

	public StagedLine validate(RawLine raw) {
		Check check = new Check(raw.lineNo());
		Map<InventoryColumn, String> values = new EnumMap<>(InventoryColumn.class);
		if (raw.parseError() != null) {
			check.line(ErrorCodes.UNREADABLE_LINE, raw.parseError() + swallowed(raw), hint(ErrorCodes.UNREADABLE_LINE));
			// the image the line most probably names, for the report; unchecked, and an image of its own
			values.put(InventoryColumn.IMAGE_NAME, kept(cell(raw, InventoryColumn.IMAGE_NAME)));
			values.put(InventoryColumn.REGION, kept(cell(raw, InventoryColumn.REGION)));
			return new StagedLine(raw.lineNo(), groupKey(raw.lineNo(), null, null), values, check.errors);
		}
		if (raw.fields().length != this.header.fieldCount()) {
			check.line(ErrorCodes.FIELD_COUNT,
					"the line has %d fields but the header has %d".formatted(raw.fields().length,
							this.header.fieldCount()),
					hint(ErrorCodes.FIELD_COUNT));
		}
		for (InventoryColumn column : InventoryColumn.values()) {
			String value = cell(raw, column);
			if (value != null && value.length() > MAX_VALUE_LENGTH) {
				check.column(column, ErrorCodes.VALUE_TOO_LONG,
						"the value has %,d characters; the ledger and the report keep its first %,d"
							.formatted(value.length(), MAX_VALUE_LENGTH),
						hint(ErrorCodes.VALUE_TOO_LONG));
			}
			values.put(column, value);
		}

		checkImageName(check, values.get(InventoryColumn.IMAGE_NAME));
		values.put(InventoryColumn.REGION, checkRegion(check, values.get(InventoryColumn.REGION)));
		Integer diskIndex = checkDiskIndex(check, values.get(InventoryColumn.DISK_INDEX));
		if (diskIndex != null) {
			values.put(InventoryColumn.DISK_INDEX, diskIndex.toString());
		}
		checkBucket(check, values.get(InventoryColumn.OSS_BUCKET));
		checkObject(check, values.get(InventoryColumn.OSS_OBJECT));
		values.put(InventoryColumn.FORMAT, checkFormat(check, values.get(InventoryColumn.FORMAT)));
		values.put(InventoryColumn.DISK_SIZE_GIB, checkDiskSize(check, values.get(InventoryColumn.DISK_SIZE_GIB), diskIndex));
		values.put(InventoryColumn.ARCHITECTURE, checkEnum(check, InventoryColumn.ARCHITECTURE,
				ApiVocabulary.ARCHITECTURE, ErrorCodes.ARCHITECTURE_MALFORMED, values));
		values.put(InventoryColumn.OS_TYPE,
				checkEnum(check, InventoryColumn.OS_TYPE, ApiVocabulary.OS_TYPE, ErrorCodes.OS_TYPE_MALFORMED, values));
		values.put(InventoryColumn.PLATFORM, checkEnum(check, InventoryColumn.PLATFORM, ApiVocabulary.PLATFORM,
				ErrorCodes.PLATFORM_MALFORMED, values));
		values.put(InventoryColumn.BOOT_MODE,
				checkEnum(check, InventoryColumn.BOOT_MODE, ApiVocabulary.BOOT_MODE, ErrorCodes.BOOT_MODE, values));
		values.put(InventoryColumn.LICENSE_TYPE, checkEnum(check, InventoryColumn.LICENSE_TYPE,
				ApiVocabulary.LICENSE_TYPE, ErrorCodes.LICENSE_TYPE, values));
		checkDescription(check, values.get(InventoryColumn.DESCRIPTION));
		// tags are checked as kept, up to the cut: a huge cell of tags would otherwise give an error per
		// entry, and a cut inside an entry would give a made-up one next to ValueTooLong
		values.put(InventoryColumn.TAGS, checkTags(check, keptTags(values.get(InventoryColumn.TAGS))));
		checkImportRole(check, values.get(InventoryColumn.ROLE_NAME));
		checkResourceGroup(check, values.get(InventoryColumn.RESOURCE_GROUP_ID));
		values.replaceAll((column, value) -> kept(value));

		String key = groupKey(raw.lineNo(), values.get(InventoryColumn.REGION), values.get(InventoryColumn.IMAGE_NAME));
		return new StagedLine(raw.lineNo(), key, values, check.errors);
	}

	/**
	 * The key shared by the lines of one image: its region and name, in plain text so that an
	 * inventory listed by name also inserts its keys in order (a hash would scatter every chunk over
	 * the whole index). A line without either, or with an absurdly long one, is an image of its own,
	 * so that it still appears in the report.
	 */
	static String groupKey(int lineNo, String region, String imageName) {
		if (region != null && imageName != null && region.length() <= 64 && imageName.length() <= 256) {
			return region + GROUP_KEY_SEPARATOR + imageName;
		}
		return "\u0002line " + lineNo;
	}

	private static final char GROUP_KEY_SEPARATOR = '\u0001';

	/**
	 * {@code ; lines 2 to 4 were read as one value, so these lines were not read: line 3 'web-02', line
	 * 4 'web-03'}: the range an unclosed quote took in, and the images that were in it.
	 */
	private String swallowed(RawLine raw) {
		RawLine.Swallowed swallowed = raw.swallowed();
		if (swallowed == null || swallowed.lastLine() <= raw.lineNo()) {
			return "";
		}
		List<String> named = new ArrayList<>();
		for (RawLine line : swallowed.first()) {
			String name = cell(line, InventoryColumn.IMAGE_NAME);
			named.add("line %d %s".formatted(line.lineNo(), (name != null) ? Quoted.of(name) : "(no image_name)"));
		}
		String more = (swallowed.more() > 0) ? ", and %,d more line(s)".formatted(swallowed.more()) : "";
		return "; lines %d to %d were read as one value, so these lines were not read: %s%s".formatted(raw.lineNo(),
				swallowed.lastLine(), named.isEmpty() ? "blank lines only" : String.join(", ", named), more);
	}

	private static String kept(String value) {
		return (value != null && value.length() > MAX_VALUE_LENGTH) ? value.substring(0, MAX_VALUE_LENGTH) : value;
	}

	/** Tags as kept, cut after the last whole entry ({@code ;}) within the kept length. */
	private static String keptTags(String value) {
		String kept = kept(value);
		if (kept == null || kept.length() == value.length()) {
			return kept;
		}
		int lastEnd = value.lastIndexOf(';', MAX_VALUE_LENGTH);
		return (lastEnd > 0) ? value.substring(0, lastEnd) : kept;
	}

	private String cell(RawLine raw, InventoryColumn column) {
		Integer position = this.header.positions().get(column);
		if (position == null || position >= raw.fields().length) {
			return null;
		}
		String value = raw.fields()[position].strip();
		return value.isEmpty() ? null : value;
	}

	private void checkImageName(Check check, String name) {
		InventoryColumn column = InventoryColumn.IMAGE_NAME;
		if (name == null) {
			check.column(column, ErrorCodes.MISSING_PARAMETER, "image_name is empty",
					hint(ErrorCodes.MISSING_PARAMETER + "/image_name"));
			return;
		}
		String hint = hint(ErrorCodes.IMAGE_NAME_MALFORMED);
		int length = name.codePointCount(0, name.length());
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.startsWith("http://") || lower.startsWith("https://")) {
			check.column(column, ErrorCodes.IMAGE_NAME_MALFORMED,
					"image name %s starts with http:// or https://".formatted(Quoted.of(name)), hint);
		}
		else if (lower.startsWith("acs:") || lower.startsWith("aliyun")) {
			check.column(column, ErrorCodes.IMAGE_NAME_MALFORMED,
					"image name %s starts with acs: or aliyun, which Alibaba Cloud reserves".formatted(Quoted.of(name)), hint);
		}
		else if (!IMAGE_NAME_START.matcher(name.substring(0, name.offsetByCodePoints(0, 1))).matches()) {
			check.column(column, ErrorCodes.IMAGE_NAME_MALFORMED,
					"image name %s must start with a letter or a Chinese character".formatted(Quoted.of(name)), hint);
		}
		else if (length < 2 || length > 128) {
			check.column(column, ErrorCodes.IMAGE_NAME_MALFORMED,
					"image name %s has %,d characters; 2 to 128 are allowed".formatted(Quoted.cut(name), length), hint);
		}
		else if (!IMAGE_NAME_CHARS.matcher(name).matches()) {
			check.column(column, ErrorCodes.IMAGE_NAME_MALFORMED,
					"image name %s contains %s".formatted(Quoted.of(name), badCharacters(name)), hint);
		}
	}

	/** The characters a name may not hold, each named once, line breaks and the like by name and escaped. */
	private static String badCharacters(String name) {
		Set<String> bad = new LinkedHashSet<>();
		for (int i = 0; i < name.length() && bad.size() < 8; i += Character.charCount(name.codePointAt(i))) {
			int c = name.codePointAt(i);
			if (!IMAGE_NAME_CHARS.matcher(Character.toString(c)).matches()) {
				bad.add(described(c));
			}
		}
		return String.join(", ", bad);
	}

	private static String described(int c) {
		return switch (c) {
			case ' ' -> "a space";
			case '\n' -> "a line break (\\n)";
			case '\r' -> "a carriage return (\\r)";
			case '\t' -> "a tab (\\t)";
			case '\u00A0', '\u3000' -> "a no-break or full-width space (%s)".formatted(Quoted.escaped(c));
			default -> Quoted.unprintable(c) ? "the invisible character %s".formatted(Quoted.escaped(c))
					: "'" + Character.toString(c) + "'";
		};
	}

	private String checkRegion(Check check, String region) {
		if (region == null) {
			check.column(InventoryColumn.REGION, ErrorCodes.MISSING_PARAMETER,
					"An input parameter \"RegionId\" that is mandatory for processing the request is not supplied.",
					hint(ErrorCodes.MISSING_PARAMETER + "/region"));
			return null;
		}
		String normalized = region.toLowerCase(Locale.ROOT);
		if (!REGION_ID.matcher(normalized).matches()) {
			check.column(InventoryColumn.REGION, ErrorCodes.REGION_NOT_FOUND,
					"%s is not a region id".formatted(Quoted.of(region)),
					hint(ErrorCodes.REGION_NOT_FOUND));
			return region;
		}
		return normalized;
	}

	private Integer checkDiskIndex(Check check, String value) {
		if (value == null) {
			return 1;
		}
		Integer index = wholeNumber(value);
		if (index == null || index < 1 || index > 17) {
			check.column(InventoryColumn.DISK_INDEX, ErrorCodes.DISK_INDEX,
					"disk_index %s is not a whole number from 1 to 17".formatted(Quoted.of(value)),
					hint(ErrorCodes.DISK_INDEX));
			return null;
		}
		return index;
	}

	private void checkBucket(Check check, String bucket) {
		if (bucket == null) {
			check.column(InventoryColumn.OSS_BUCKET, ErrorCodes.MISSING_PARAMETER,
					"An input parameter \"DiskDeviceMapping.n.OSSBucket\" that is mandatory for processing the "
							+ "request is not supplied.",
					hint(ErrorCodes.MISSING_PARAMETER + "/oss_bucket"));
			return;
		}
		if (!BUCKET_NAME.matcher(bucket).matches()) {
			String hint = (bucket.contains("/") || bucket.contains("."))
					? hint(ErrorCodes.OSS_BUCKET + "/path") : hint(ErrorCodes.OSS_BUCKET);
			check.column(InventoryColumn.OSS_BUCKET, ErrorCodes.OSS_BUCKET,
					"%s is not an OSS bucket name".formatted(Quoted.of(bucket)), hint);
		}
	}

	private void checkObject(Check check, String object) {
		if (object == null) {
			check.column(InventoryColumn.OSS_OBJECT, ErrorCodes.MISSING_PARAMETER,
					"An input parameter \"DiskDeviceMapping.n.OSSObject\" that is mandatory for processing the "
							+ "request is not supplied.",
					hint(ErrorCodes.MISSING_PARAMETER + "/oss_object"));
			return;
		}
		if (object.startsWith("/") || object.startsWith("\\")) {
			check.column(InventoryColumn.OSS_OBJECT, ErrorCodes.OSS_OBJECT,
					"object key %s starts with a slash".formatted(Quoted.of(object)),
					hint(ErrorCodes.OSS_OBJECT));
		}
		else if (object.getBytes(StandardCharsets.UTF_8).length > 1023) {
			check.column(InventoryColumn.OSS_OBJECT, ErrorCodes.OSS_OBJECT,
					"object key is longer than 1023 bytes", hint(ErrorCodes.OSS_OBJECT + "/too-long"));
		}
	}

	private String checkFormat(Check check, String format) {
		if (format == null) {
			return null;
		}
		var canonical = ApiVocabulary.FORMAT.canonical(format);
		if (canonical.isPresent()) {
			return canonical.get();
		}
		String lower = format.toLowerCase(Locale.ROOT);
		String hint = CONVERTIBLE_FORMATS.contains(lower) ? hint(ErrorCodes.FORMAT_MALFORMED + "/convert", lower)
				: hint(ErrorCodes.FORMAT_MALFORMED);
		check.column(InventoryColumn.FORMAT, ErrorCodes.FORMAT_MALFORMED,
				"format %s is not one of %s".formatted(Quoted.of(format), ApiVocabulary.FORMAT.choices()), hint);
		return format;
	}

	private String checkDiskSize(Check check, String value, Integer diskIndex) {
		if (value == null) {
			return null;
		}
		Integer size = wholeNumber(value);
		boolean system = diskIndex == null || diskIndex == 1;
		DiskSizeLimits.Range range = this.limits.of(diskIndex);
		if (value.matches("\\+\\d+")) {
			// refused, not read as the number: a sign says the cell was meant as something else (a formula,
			// a difference), and ImportImage's integer is written without one
			check.column(InventoryColumn.DISK_SIZE_GIB, ErrorCodes.IMAGE_SIZE,
					"disk_size_gib %s has a plus sign; write the number without it".formatted(Quoted.of(value)),
					hint(ErrorCodes.IMAGE_SIZE + "/sign"));
			return value;
		}
		if (size == null && value.matches("-?\\d+")) {
			// a whole number all the same (negative, or too large for any disk): out of range, not malformed
			check.column(InventoryColumn.DISK_SIZE_GIB, ErrorCodes.IMAGE_SIZE,
					"disk_size_gib %s is outside %s for a %s disk (%s)".formatted(
							(value.length() <= Quoted.SHOWN) ? value : Quoted.of(value), range,
							system ? "system" : "data", DiskSizeLimits.settingOf(diskIndex)),
					hint(ErrorCodes.IMAGE_SIZE + "/range"));
		}
		else if (size == null) {
			check.column(InventoryColumn.DISK_SIZE_GIB, ErrorCodes.IMAGE_SIZE,
					"disk_size_gib %s is not a whole number of GiB".formatted(Quoted.of(value)),
					hint(ErrorCodes.IMAGE_SIZE + "/not-a-number"));
		}
		else if (!range.contains(size)) {
			check.column(InventoryColumn.DISK_SIZE_GIB, ErrorCodes.IMAGE_SIZE,
					"disk_size_gib %d is outside %s for a %s disk (%s)".formatted(size, range, system ? "system" : "data",
							DiskSizeLimits.settingOf(diskIndex)),
					hint(ErrorCodes.IMAGE_SIZE + "/range"));
		}
		return (size != null) ? size.toString() : value;
	}

	private String checkEnum(Check check, InventoryColumn column, ApiVocabulary vocabulary, String code,
			Map<InventoryColumn, String> values) {
		String value = values.get(column);
		if (value == null) {
			return null;
		}
		var canonical = vocabulary.canonical(value);
		if (canonical.isEmpty()) {
			String alias = (vocabulary == ApiVocabulary.ARCHITECTURE)
					? ARCHITECTURE_ALIASES.get(value.toLowerCase(Locale.ROOT)) : null;
			check.column(column, code, "%s %s is not one of: %s".formatted(column.header(), Quoted.of(value),
					vocabulary.choices()), (alias != null) ? hint(code + "/alias", value, alias) : hint(code));
			return value;
		}
		return canonical.get();
	}

	/** What other tools call the architectures ImportImage names otherwise (Linux, Go, Docker, Windows). */
	private static final Map<String, String> ARCHITECTURE_ALIASES = Map.of("amd64", "x86_64", "x64", "x86_64",
			"x86-64", "x86_64", "aarch64", "arm64", "armv8", "arm64", "i686", "i386", "x86", "i386");

	private void checkDescription(Check check, String description) {
		if (description == null) {
			return;
		}
		String lower = description.toLowerCase(Locale.ROOT);
		int length = description.codePointCount(0, description.length());
		if (length > 256) {
			check.column(InventoryColumn.DESCRIPTION, ErrorCodes.DESCRIPTION_MALFORMED,
					"the description has %d characters; at most 256 are allowed".formatted(length),
					hint(ErrorCodes.DESCRIPTION_MALFORMED + "/too-long"));
		}
		if (lower.startsWith("http://") || lower.startsWith("https://")) {
			check.column(InventoryColumn.DESCRIPTION, ErrorCodes.DESCRIPTION_MALFORMED,
					"the description starts with http:// or https://",
					hint(ErrorCodes.DESCRIPTION_MALFORMED + "/url"));
		}
	}

	/** RAM's rule for a role's name (CreateRole): ImportImage would only say the role cannot be used. */
	private void checkImportRole(Check check, String roleName) {
		if (roleName != null && !ImportDefaults.ROLE_NAME.matcher(roleName).matches()) {
			check.column(InventoryColumn.ROLE_NAME, ErrorCodes.ROLE_NAME,
					"role_name %s is not a RAM role name: 1 to 64 letters, digits, periods or hyphens".formatted(
							Quoted.of(roleName)),
					hint(ErrorCodes.ROLE_NAME));
		}
	}

	private void checkResourceGroup(Check check, String resourceGroupId) {
		if (resourceGroupId == null || ImportDefaults.RESOURCE_GROUP_ID.matcher(resourceGroupId).matches()) {
			return;
		}
		boolean name = !resourceGroupId.startsWith("rg-");
		check.column(InventoryColumn.RESOURCE_GROUP_ID, ErrorCodes.RESOURCE_GROUP_ID,
				"resource_group_id %s is not a resource group id (rg- followed by letters and digits)".formatted(
						Quoted.of(resourceGroupId)),
				hint(ErrorCodes.RESOURCE_GROUP_ID + (name ? "/name" : "")));
	}

	/** Tags as {@code key=value;key=value}; returns them normalised (trimmed, no empty entries). */
	private String checkTags(Check check, String tags) {
		if (tags == null) {
			return null;
		}
		InventoryColumn column = InventoryColumn.TAGS;
		List<String> normalized = new ArrayList<>();
		Set<String> keys = new LinkedHashSet<>();
		for (InventoryTag tag : InventoryTag.parse(tags)) {
			String key = tag.key();
			String value = tag.value();
			String lowerKey = key.toLowerCase(Locale.ROOT);
			if (!tag.keyValue() || key.isEmpty()) {
				check.column(column, ErrorCodes.TAG_KEY_MALFORMED, "tag %s is not key=value".formatted(Quoted.of(tag.written().strip())),
						hint(ErrorCodes.TAG_KEY_MALFORMED + "/not-key-value"));
			}
			else if (key.length() > 128 || lowerKey.startsWith("acs:") || lowerKey.startsWith("aliyun")
					|| lowerKey.startsWith("http://") || lowerKey.startsWith("https://")) {
				check.column(column, ErrorCodes.TAG_KEY_MALFORMED, "tag key %s is not allowed".formatted(Quoted.of(key)),
						hint(ErrorCodes.TAG_KEY_MALFORMED));
			}
			else if (lowerKey.startsWith(PlanTag.PREFIX)) {
				check.column(column, ErrorCodes.TAG_KEY_MALFORMED,
						"tag key %s uses the prefix %s, which the migrator reserves".formatted(Quoted.of(key),
								PlanTag.PREFIX),
						hint(ErrorCodes.TAG_KEY_MALFORMED + "/reserved"));
			}
			else if (!keys.add(key)) {
				check.column(column, ErrorCodes.DUPLICATE_TAG_KEY, "tag key %s is given twice".formatted(Quoted.of(key)),
						hint(ErrorCodes.DUPLICATE_TAG_KEY));
			}
			if (value.length() > 128 || value.toLowerCase(Locale.ROOT).startsWith("acs:")
					|| value.toLowerCase(Locale.ROOT).startsWith("http://")
					|| value.toLowerCase(Locale.ROOT).startsWith("https://")) {
				check.column(column, ErrorCodes.TAG_VALUE_MALFORMED,
						"the value of tag %s is not allowed".formatted(Quoted.of(key)),
						hint(ErrorCodes.TAG_VALUE_MALFORMED));
			}
			normalized.add(key + "=" + value);
		}
		if (normalized.size() > MAX_USER_TAGS) {
			check.column(column, ErrorCodes.TOO_MANY_TAGS,
					"%d tags; at most %d are allowed".formatted(normalized.size(), MAX_USER_TAGS),
					hint(ErrorCodes.TOO_MANY_TAGS));
		}
		return normalized.isEmpty() ? null : String.join(";", normalized);
	}

	private String hint(String key, Object... args) {
		return this.hints.hint(key, args);
	}

	private static Integer wholeNumber(String value) {
		return value.matches("\\d{1,9}") ? Integer.valueOf(value) : null;
	}

	/** Collects the errors of one line with their column positions. */
	private final class Check {

		private final int lineNo;

		private final List<LineError> errors = new ArrayList<>();

		Check(int lineNo) {
			this.lineNo = lineNo;
		}

		void column(InventoryColumn column, String code, String message, String hint) {
			this.errors.add(DiskLineValidator.this.header.error(this.lineNo, column, code, message, hint));
		}

		void line(String code, String message, String hint) {
			this.errors.add(DiskLineValidator.this.header.error(this.lineNo, null, code, message, hint));
		}

	}

}
