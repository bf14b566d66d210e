package io.ecsmigrator.inventory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sizes ImportImage takes for a disk, in whole GiB, as settings: the offline validator and
 * preflight read the same ones. The defaults are the API contract's (system disk 5..500, data disk
 * 5..1000); newer API references raise them (DiskImageSize up to 2048 GiB), so an account that ECS
 * lets import larger disks raises them here.
 *
 * @param systemDiskGib {@code migrator.limits.system-disk-gib}, written {@code min..max}
 * @param dataDiskGib {@code migrator.limits.data-disk-gib}, written {@code min..max}
 */
@ConfigurationProperties("migrator.limits")
public record DiskSizeLimits(Range systemDiskGib, Range dataDiskGib) {

	public static final DiskSizeLimits CONTRACT = new DiskSizeLimits(new Range(5, 500), new Range(5, 1000));

	@ConstructorBinding
	public DiskSizeLimits(@DefaultValue("5..500") String systemDiskGib, @DefaultValue("5..1000") String dataDiskGib) {
		this(Range.parse("migrator.limits.system-disk-gib", systemDiskGib),
				Range.parse("migrator.limits.data-disk-gib", dataDiskGib));
	}

	/** The range of a disk: index 1 (or none) is the system disk. */
	public Range of(Integer diskIndex) {
		return (diskIndex == null || diskIndex == 1) ? this.systemDiskGib : this.dataDiskGib;
	}

	/** The setting that holds a disk's range, for messages that say what to change. */
	public static String settingOf(Integer diskIndex) {
		return (diskIndex == null || diskIndex == 1) ? "migrator.limits.system-disk-gib"
				: "migrator.limits.data-disk-gib";
	}

	/** Whole GiB from {@code min} to {@code max}, both included. */
	public record Range(int min, int max) {

		public Range {
			if (min < 1 || max < min) {
				throw new IllegalArgumentException("a disk size range needs 1 <= min <= max, got " + min + ".." + max);
			}
		}

		static Range parse(String setting, String text) {
			String[] parts = text.trim().split("\\.\\.", -1);
			try {
				if (parts.length == 2) {
					return new Range(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
				}
			}
			catch (IllegalArgumentException ex) {
				// said below, with the setting's name
			}
			throw new IllegalArgumentException(
					"%s=%s is not a range of whole GiB: write min..max, e.g. 5..2048".formatted(setting, text));
		}

		public boolean contains(long gib) {
			return gib >= this.min && gib <= this.max;
		}

		@Override
		public String toString() {
			return "[" + this.min + ", " + this.max + "]";
		}

	}

}
