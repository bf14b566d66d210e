package io.ecsmigrator.support;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.ecsmigrator.sandbox.Scenario;

/**
 * The wave the import benchmarks run: images spread over three regions, disks of a mix of formats,
 * against a sandbox with 100 ms OSS and 300 ms ECS latency, ImportImage limited by the cloud to 10%
 * above the rate the migrator is configured to, imports of {@value #IMPORT_SECONDS} s.
 */
public final class BenchmarkWave {

	/** The migrator's configured ImportImage rate in each region. */
	public static final int IMPORT_RATE = 20;

	/** The sandbox's limit: 10% above the configured rate. */
	public static final int CLOUD_LIMIT = 22;

	public static final int IMPORT_SECONDS = 5;

	public static final int OSS_LATENCY = 100;

	public static final int ECS_LATENCY = 300;

	public static final List<String> REGIONS = List.of("cn-hangzhou", "cn-shanghai", "cn-beijing");

	/** The disks, in turn: 5 qcow2, 1 dynamic VHD, 1 fixed VHD, 3 RAW (1.4 OSS requests a disk at best). */
	public static final List<Scenario.DiskKind> MIX = List.of(Scenario.DiskKind.QCOW2, Scenario.DiskKind.RAW_GPT,
			Scenario.DiskKind.QCOW2, Scenario.DiskKind.VHD_DYNAMIC, Scenario.DiskKind.QCOW2, Scenario.DiskKind.RAW_MBR,
			Scenario.DiskKind.QCOW2, Scenario.DiskKind.VHD_FIXED, Scenario.DiskKind.QCOW2, Scenario.DiskKind.RAW_GPT);

	private BenchmarkWave() {
	}

	/** The cloud of the benchmark: a bucket of every disk kind in each region, quotas out of the way. */
	public static Scenario scenario() {
		return new Scenario(null, null,
				REGIONS.stream().map(region -> new Scenario.Region(region, null, 1_000_000, 10_000_000, null)).toList(),
				REGIONS.stream()
					.map(region -> new Scenario.Bucket("disks-" + region, region,
							MIX.stream().distinct().map(kind -> new Scenario.DiskObject(object(kind), kind, 40)).toList()))
					.toList(),
				IMPORT_SECONDS, 3L,
				new Scenario.Faults(Map.of("ImportImage", CLOUD_LIMIT), 0.0, ECS_LATENCY, OSS_LATENCY, 0.0, 0));
	}

	public static String object(Scenario.DiskKind kind) {
		return "disk-" + kind.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Writes the inventory: {@code images} images, one disk each, the regions in turn.
	 *
	 * @return the images of each region
	 */
	public static Map<String, Integer> inventory(Path file, int images) throws IOException {
		Map<String, Integer> perRegion = new TreeMap<>();
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("image_name,region,oss_bucket,oss_object\n");
			for (int i = 0; i < images; i++) {
				String region = REGIONS.get(i % REGIONS.size());
				perRegion.merge(region, 1, Integer::sum);
				out.write("bench-%05d,%s,disks-%s,%s\n".formatted(i, region, region, object(MIX.get(i % MIX.size()))));
			}
		}
		return perRegion;
	}

}
