import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a synthetic inventory for benchmarks: java bench/GenerateInventory.java FILE LINES.
 * Every 10th image has three disks, every 50th line a mistake, like a real wave's spreadsheet.
 */
public class GenerateInventory {

	public static void main(String[] args) throws Exception {
		Path file = Path.of(args[0]);
		long lines = Long.parseLong(args[1]);
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("image_name,region,disk_index,oss_bucket,oss_object,format,disk_size_gib,architecture,"
					+ "os_type,platform,description,boot_mode,license_type,tags\r\n");
			long written = 0;
			for (long image = 1; written < lines; image++) {
				int disks = (image % 10 == 0) ? 3 : 1;
				String region = (image % 3 == 0) ? "cn-shanghai" : "cn-hangzhou";
				for (int disk = 1; disk <= disks && written < lines; disk++, written++) {
					boolean mistake = written % 50 == 49;
					String name = (mistake ? "#" : "") + "bench-vm-" + image;
					out.write(String.join(",", name, region, Integer.toString(disk), "bench-" + region,
							"wave/" + name + "-" + disk + ".qcow2", "qcow2", disk == 1 ? "40" : "200",
							disk == 1 ? "x86_64" : "", disk == 1 ? "linux" : "", disk == 1 ? "CentOS" : "",
							disk == 1 ? "\"bench image " + image + ", wave 1\"" : "", "", "", disk == 1 ? "env=bench" : ""));
					out.write("\r\n");
				}
			}
		}
	}

}
