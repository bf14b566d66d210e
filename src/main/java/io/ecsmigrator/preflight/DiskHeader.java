package io.ecsmigrator.preflight;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.ecsmigrator.catalogue.TextKeys;
import io.ecsmigrator.inventory.Hints;

/**
 * What a disk file's own header says: its format and virtual size, and what would make ECS refuse
 * it. Read from the first 64 KiB and, where those do not decide ({@link #decidedByHead}), the last
 * 512 bytes of the object (offsets as qemu writes them).
 *
 * @param format what the file holds
 * @param virtualSize the disk's size in bytes as a VM sees it (for RAW, the object's size)
 * @param detail e.g. {@code fixed}, {@code dynamic}, {@code MBR}, {@code GPT}, {@code none}
 * @param problemKey the catalogue's key of why ECS cannot import it as it is ({@code TextKeys.DISK_*}),
 *        or {@code null}: the texts live in messages.properties
 */
public record DiskHeader(Format format, long virtualSize, String detail, String problemKey) {

	/** Formats a header can reveal; ECS imports the first three. */
	public enum Format {

		QCOW2("qcow2"), VHD("VHD"), RAW("RAW"), VMDK("VMDK"), VHDX("VHDX"), ISO("ISO");

		private final String apiName;

		Format(String apiName) {
			this.apiName = apiName;
		}

		/** The spelling of ImportImage's Format parameter. */
		public String apiName() {
			return this.apiName;
		}

	}

	/** The first bytes to read: qcow2, VMDK and VHDX headers, and the ISO volume descriptor. */
	public static final int HEAD_BYTES = 64 * 1024;

	/** The last bytes to read: a VHD footer. */
	public static final int TAIL_BYTES = 512;

	/**
	 * Whether the first bytes alone say what the disk is: qcow2, VMDK (sparse, ESX sparse, a
	 * descriptor), VHDX and ISO by their magic, a dynamic or differencing VHD by the copy of its
	 * footer at offset 0. A fixed VHD (its only footer is the last 512 bytes) and RAW (no footer
	 * there) need the end of the object too.
	 */
	public static boolean decidedByHead(byte[] head) {
		return startsWith(head, 0, new byte[] { 'Q', 'F', 'I', (byte) 0xFB }) || startsWith(head, 0, ascii("conectix"))
				|| startsWith(head, 0, ascii("KDMV")) || startsWith(head, 0, ascii("COWD"))
				|| startsWith(head, 0, ascii("# Disk DescriptorFile")) || startsWith(head, 0, ascii("vhdxfile"))
				|| (head.length >= 32768 + 136 && head[32768] == 1 && startsWith(head, 32769, ascii("CD001")));
	}

	public boolean importable() {
		return this.problemKey == null;
	}

	/** Why ECS cannot import the disk as it is, or {@code null}. */
	public String problem(Hints texts) {
		return (this.problemKey != null) ? texts.hint(this.problemKey, this.detail) : null;
	}

	/** What the operator can do about the problem, or {@code null}. */
	public String fix(Hints texts) {
		return (this.problemKey != null) ? texts.hint(this.problemKey + TextKeys.FIX, this.detail) : null;
	}

	/**
	 * @param head the object's first bytes (up to {@link #HEAD_BYTES})
	 * @param tail the object's last bytes (up to {@link #TAIL_BYTES})
	 * @param objectSize the object's size in bytes
	 */
	public static DiskHeader read(byte[] head, byte[] tail, long objectSize) {
		ByteBuffer be = ByteBuffer.wrap(head).order(ByteOrder.BIG_ENDIAN);
		if (startsWith(head, 0, new byte[] { 'Q', 'F', 'I', (byte) 0xFB }) && head.length >= 36) {
			long size = be.getLong(24);
			if (be.getLong(8) != 0) {
				return new DiskHeader(Format.QCOW2, size, "backing file", TextKeys.DISK_BACKING_FILE);
			}
			if (be.getInt(32) != 0) {
				return new DiskHeader(Format.QCOW2, size, "encrypted", TextKeys.DISK_ENCRYPTED);
			}
			return new DiskHeader(Format.QCOW2, size, "version " + be.getInt(4), null);
		}
		DiskHeader vhd = vhdFooter(tail, 0);
		if (vhd == null && tail.length >= 511) {
			vhd = vhdFooter(tail, 1); // VirtualPC before 2004 wrote 511-byte footers
		}
		if (vhd != null) {
			return vhd;
		}
		if (startsWith(head, 0, ascii("KDMV")) && head.length >= 20) {
			long sectors = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong(12);
			return new DiskHeader(Format.VMDK, sectors * 512, "sparse", TextKeys.DISK_VMDK);
		}
		if (startsWith(head, 0, ascii("COWD"))) {
			long sectors = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(12) & 0xFFFFFFFFL;
			return new DiskHeader(Format.VMDK, sectors * 512, "ESX sparse", TextKeys.DISK_VMDK);
		}
		if (startsWith(head, 0, ascii("# Disk DescriptorFile"))) {
			return new DiskHeader(Format.VMDK, 0, "descriptor", TextKeys.DISK_VMDK_DESCRIPTOR);
		}
		if (startsWith(head, 0, ascii("vhdxfile"))) {
			return new DiskHeader(Format.VHDX, 0, "", TextKeys.DISK_VHDX);
		}
		if (head.length >= 32768 + 136 && head[32768] == 1 && startsWith(head, 32769, ascii("CD001"))) {
			ByteBuffer le = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
			long blocks = le.getInt(32768 + 80) & 0xFFFFFFFFL;
			int blockSize = le.getShort(32768 + 128) & 0xFFFF;
			return new DiskHeader(Format.ISO, blocks * blockSize, "", TextKeys.DISK_ISO);
		}
		boolean mbr = head.length >= 512 && head[510] == 0x55 && head[511] == (byte) 0xAA;
		boolean gpt = startsWith(head, 512, ascii("EFI PART"));
		return new DiskHeader(Format.RAW, objectSize, gpt ? "GPT" : mbr ? "MBR" : "none", null);
	}

	private static DiskHeader vhdFooter(byte[] tail, int at) {
		if (!startsWith(tail, at, ascii("conectix")) || tail.length < at + 64) {
			return null;
		}
		ByteBuffer footer = ByteBuffer.wrap(tail, at, tail.length - at).slice().order(ByteOrder.BIG_ENDIAN);
		long size = footer.getLong(48);
		int type = footer.getInt(60);
		return switch (type) {
			case 2 -> new DiskHeader(Format.VHD, size, "fixed", null);
			case 3 -> new DiskHeader(Format.VHD, size, "dynamic", null);
			case 4 -> new DiskHeader(Format.VHD, size, "differencing", TextKeys.DISK_DIFFERENCING_VHD);
			default -> new DiskHeader(Format.VHD, size, "type " + type, TextKeys.DISK_UNKNOWN_VHD_TYPE);
		};
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
		if (bytes.length < offset + prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (bytes[offset + i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

}
