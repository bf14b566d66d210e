package io.ecsmigrator.support;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes generated inventories for tests and benchmarks. */
public final class TestInventories {

	public static final String HEADER = "image_name,region,disk_index,oss_bucket,oss_object,format,disk_size_gib,"
			+ "architecture,os_type,platform,description,boot_mode,license_type,tags";

	private TestInventories() {
	}

	/**
	 * {@code images} images of {@code disksPerImage} disks each, all valid, spread over two regions;
	 * every {@code invalidEvery}-th image (0: none) gets a malformed name.
	 */
	public static Path write(Path file, int images, int disksPerImage, int invalidEvery) throws IOException {
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write(HEADER);
			out.write("\r\n");
			for (int i = 1; i <= images; i++) {
				String region = (i % 2 == 0) ? "cn-hangzhou" : "cn-shanghai";
				String name = (invalidEvery > 0 && i % invalidEvery == 0) ? "9-bad-" + i : "vm-%07d".formatted(i);
				for (int d = 1; d <= disksPerImage; d++) {
					out.write(name + "," + region + "," + d + ",wave-disks-" + region + ",wave/" + name + "-" + d
							+ ".qcow2,qcow2," + (d == 1 ? 40 : 100) + ",x86_64,linux,Ubuntu,"
							+ (d == 1 ? "\"Migrated VM " + i + ", wave 1\"" : "") + ",BIOS,Auto,env=prod;wave=1\r\n");
				}
			}
		}
		return file;
	}

	/**
	 * {@code images} single-disk images named {@code prefix-00001}… that all import the same disk
	 * object: what tests of the cloud steps need, where the sandbox's object is synthetic anyway.
	 */
	public static Path copiesOfOneDisk(Path file, String prefix, int images, String region, String bucket,
			String object) throws IOException {
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("image_name,region,oss_bucket,oss_object\n");
			for (int i = 1; i <= images; i++) {
				out.write("%s-%05d,%s,%s,%s\n".formatted(prefix, i, region, bucket, object));
			}
		}
		return file;
	}

}
