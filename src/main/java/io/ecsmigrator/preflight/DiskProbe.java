package io.ecsmigrator.preflight;

import java.io.InputStream;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.ObjectMetadata;
import io.ecsmigrator.catalogue.TextKeys;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.Retrier;

/**
 * Reads a disk object's header from OSS with two ranged GETs (head and tail), never the object:
 * a 500 GiB disk costs 64.5 KiB of traffic. Each HTTP request goes through the {@link Retrier} on
 * its own: a retry repeats the one request that failed, never the whole probe (with one request in
 * five answered 503, a probe of three requests retried as a whole would fail half its attempts).
 */
public final class DiskProbe {

	private DiskProbe() {
	}

	/** A disk object: its size in OSS and what its header says. */
	public record ProbedDisk(long objectSize, DiskHeader header) {
	}

	/** The object's size and header, each request retried by itself. OSS errors propagate, classified. */
	public static ProbedDisk probe(Retrier retrier, CallContext context, OSS oss, String bucket, String key) {
		ObjectMetadata metadata = head(retrier, context, oss, bucket, key);
		return read(retrier, context, oss, bucket, key, metadata.getContentLength());
	}

	/** The object's metadata (HeadObject): its size and storage class. */
	public static ObjectMetadata head(Retrier retrier, CallContext context, OSS oss, String bucket, String key) {
		return retrier.call(context, "OSS.HeadObject", true, () -> oss.getObjectMetadata(bucket, key));
	}

	/** The header of an object of the given size, from its first and last bytes. */
	public static ProbedDisk read(Retrier retrier, CallContext context, OSS oss, String bucket, String key,
			long size) {
		if (size == 0) {
			return new ProbedDisk(0, new DiskHeader(DiskHeader.Format.RAW, 0, "empty", TextKeys.DISK_EMPTY));
		}
		byte[] head = range(retrier, context, oss, bucket, key, 0, Math.min(size, DiskHeader.HEAD_BYTES) - 1);
		byte[] tail = (size <= DiskHeader.HEAD_BYTES)
				? java.util.Arrays.copyOfRange(head, (int) Math.max(0, size - DiskHeader.TAIL_BYTES), (int) size)
				: range(retrier, context, oss, bucket, key, size - DiskHeader.TAIL_BYTES, size - 1);
		return new ProbedDisk(size, DiskHeader.read(head, tail, size));
	}

	/** One ranged GET, body included: a connection reset while reading the body is retried too. */
	private static byte[] range(Retrier retrier, CallContext context, OSS oss, String bucket, String key, long first,
			long last) {
		GetObjectRequest request = new GetObjectRequest(bucket, key);
		request.setRange(first, last);
		return retrier.call(context, "OSS.GetObject", true, () -> {
			try (InputStream in = oss.getObject(request).getObjectContent()) {
				return in.readAllBytes();
			}
		});
	}

}
