package io.ecsmigrator.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The bytes of a synthetic disk object, made on demand for any range: zeros, with the header and
 * footer structures a reader of that format looks for laid over them (offsets as qemu writes them).
 * A 500 GiB disk costs only the few hundred bytes of its structures.
 */
final class DiskBytes {

	private static final long GIB = 1L << 30;

	/** A piece of content at an offset; everything else reads as zero. */
	private record Piece(long offset, byte[] bytes) {
	}

	private final long size;

	private final List<Piece> pieces = new ArrayList<>();

	private DiskBytes(long size) {
		this.size = size;
	}

	long size() {
		return this.size;
	}

	/** The object's size in bytes: a sparse format is smaller than its virtual disk. */
	static long objectSize(Scenario.DiskObject object) {
		long virtual = object.virtualGib() * GIB;
		return switch (object.kind()) {
			case QCOW2, VMDK, VHDX -> Math.max(1 << 20, virtual / 8);
			case VHD_FIXED -> virtual + 512;
			case VHD_DYNAMIC -> Math.max(1 << 20, virtual / 8) + 512;
			case ISO -> Math.max(64 * 1024, virtual);
			case RAW_MBR, RAW_GPT, GARBAGE -> virtual;
		};
	}

	static DiskBytes of(Scenario.DiskObject object, long seed) {
		long virtual = object.virtualGib() * GIB;
		DiskBytes disk = new DiskBytes(objectSize(object));
		switch (object.kind()) {
			case QCOW2 -> disk.put(0, ByteBuffer.allocate(104)
				.putInt(0x514649FB) // "QFI\xfb"
				.putInt(3) // version
				.putLong(0) // backing file offset: none
				.putInt(0) // backing file size
				.putInt(16) // cluster bits
				.putLong(virtual) // size
				.putInt(0) // not encrypted
				.array());
			case VHD_FIXED -> disk.put(disk.size - 512, vhdFooter(virtual, 2, -1L));
			case VHD_DYNAMIC -> {
				byte[] footer = vhdFooter(virtual, 3, 512);
				disk.put(0, footer);
				disk.put(512, "cxsparse".getBytes(StandardCharsets.US_ASCII));
				disk.put(disk.size - 512, footer);
			}
			case RAW_MBR -> disk.put(510, new byte[] { 0x55, (byte) 0xAA });
			case RAW_GPT -> {
				disk.put(510, new byte[] { 0x55, (byte) 0xAA });
				disk.put(512, "EFI PART".getBytes(StandardCharsets.US_ASCII));
			}
			case VMDK -> disk.put(0, ByteBuffer.allocate(20)
				.order(java.nio.ByteOrder.LITTLE_ENDIAN)
				.putInt(0x564D444B) // "KDMV"
				.putInt(1)
				.putInt(3)
				.putLong(virtual / 512) // capacity in sectors
				.array());
			case VHDX -> disk.put(0, "vhdxfile".getBytes(StandardCharsets.US_ASCII));
			case ISO -> {
				byte[] descriptor = new byte[88];
				descriptor[0] = 1;
				System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, descriptor, 1, 5);
				descriptor[6] = 1;
				long blocks = disk.size / 2048;
				ByteBuffer.wrap(descriptor, 80, 8)
					.order(java.nio.ByteOrder.LITTLE_ENDIAN)
					.putInt((int) blocks)
					.order(java.nio.ByteOrder.BIG_ENDIAN)
					.putInt((int) blocks);
				disk.put(32768, descriptor);
			}
			case GARBAGE -> {
				byte[] noise = new byte[4096];
				new Random(seed).nextBytes(noise);
				noise[0] = 0x13; // not a magic number of any format
				disk.put(0, noise);
			}
		}
		return disk;
	}

	private static byte[] vhdFooter(long virtual, int diskType, long dataOffset) {
		return ByteBuffer.allocate(512)
			.put("conectix".getBytes(StandardCharsets.US_ASCII))
			.putInt(2) // features
			.putInt(0x00010000) // version
			.putLong(dataOffset)
			.putInt(0) // timestamp
			.put("qemu".getBytes(StandardCharsets.US_ASCII))
			.putInt(0x00050003) // creator version
			.putInt(0x5769326B) // "Wi2k"
			.putLong(virtual) // original size
			.putLong(virtual) // current size
			.putInt(0) // geometry
			.putInt(diskType)
			.array();
	}

	private void put(long offset, byte[] bytes) {
		this.pieces.add(new Piece(offset, bytes));
	}

	/** Bytes {@code first..last} inclusive. */
	byte[] range(long first, long last) {
		byte[] out = new byte[(int) (last - first + 1)];
		for (Piece piece : this.pieces) {
			long from = Math.max(first, piece.offset());
			long to = Math.min(last, piece.offset() + piece.bytes().length - 1);
			if (from <= to) {
				System.arraycopy(piece.bytes(), (int) (from - piece.offset()), out, (int) (from - first),
						(int) (to - from + 1));
			}
		}
		return out;
	}

}
