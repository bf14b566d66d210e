package io.ecsmigrator.preflight;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.ObjectMetadata;

/**
 * Reads a disk object's header from OSS with two ranged GETs (head and tail), never the object:
 * a 500 GiB disk costs 64.5 KiB of traffic.
 */
public final class DiskProbe {

	private DiskProbe() {
	}

	/** A disk object: its size in OSS and what its header says. */
	public record ProbedDisk(long objectSize, DiskHeader header) {
	}

	/** The object's size and header. OSS errors (NoSuchKey, AccessDenied, …) propagate. */
	public static ProbedDisk probe(OSS oss, String bucket, String key) {
		ObjectMetadata metadata = oss.getObjectMetadata(bucket, key);
		long size = metadata.getContentLength();
		if (size == 0) {
			return new ProbedDisk(0, new DiskHeader(DiskHeader.Format.RAW, 0, "empty", "the object is empty",
					"upload the disk file again"));
		}
		byte[] head = range(oss, bucket, key, 0, Math.min(size, DiskHeader.HEAD_BYTES) - 1);
		byte[] tail = (size <= DiskHeader.HEAD_BYTES)
				? java.util.Arrays.copyOfRange(head, (int) Math.max(0, size - DiskHeader.TAIL_BYTES), (int) size)
				: range(oss, bucket, key, size - DiskHeader.TAIL_BYTES, size - 1);
		return new ProbedDisk(size, DiskHeader.read(head, tail, size));
	}

	private static byte[] range(OSS oss, String bucket, String key, long first, long last) {
		GetObjectRequest request = new GetObjectRequest(bucket, key);
		request.setRange(first, last);
		try (InputStream in = oss.getObject(request).getObjectContent()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("reading %s/%s bytes %d-%d".formatted(bucket, key, first, last), ex);
		}
	}

}
