package io.ecsmigrator.preflight;

import java.io.InputStream;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.OSSObject;
import io.ecsmigrator.catalogue.TextKeys;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.Retrier;

/**
 * Reads a disk object's header from OSS with ranged GETs, never the object: a 500 GiB disk costs at
 * most 64.5 KiB of traffic, and at most two requests.
 * <ol>
 * <li>The first {@link DiskHeader#HEAD_BYTES}. Its answer's {@code Content-Range}
 * ({@code bytes 0-65535/TOTAL}) gives the object's size, so no HeadObject is sent; an archived
 * object not restored answers this GET {@code 403 InvalidObjectState} as a HEAD's storage class
 * would have told.</li>
 * <li>The last {@link DiskHeader#TAIL_BYTES}, only where the first bytes do not decide the format
 * ({@link DiskHeader#decidedByHead}): a fixed VHD's only footer is at the end, and a RAW disk is RAW
 * only once the end holds no VHD footer. qcow2, VMDK, VHDX and ISO say what they are in their first
 * bytes, and a dynamic or differencing VHD keeps a copy of its footer at offset 0.</li>
 * </ol>
 * An object within {@link DiskHeader#HEAD_BYTES} is read whole by the first request. Each HTTP
 * request goes through the {@link Retrier} on its own: a retry repeats the one request that failed,
 * never the whole probe.
 */
public final class DiskProbe {

	private DiskProbe() {
	}

	/** A disk object: its size in OSS and what its header says. */
	public record ProbedDisk(long objectSize, DiskHeader header) {
	}

	private static final Pattern TOTAL = Pattern.compile("bytes\\s+\\d+-\\d+/(\\d+)");

	/** The object's size and header, each request retried by itself. OSS errors propagate, classified. */
	public static ProbedDisk probe(Retrier retrier, CallContext context, OSS oss, String bucket, String key) {
		// OSS answers a range it cannot satisfy (any range of an empty object) with the whole object, 200
		Range first = range(retrier, context, oss, bucket, key, 0, DiskHeader.HEAD_BYTES - 1);
		long size = first.total();
		if (size == 0) {
			return new ProbedDisk(0, new DiskHeader(DiskHeader.Format.RAW, 0, "empty", TextKeys.DISK_EMPTY));
		}
		byte[] head = first.bytes();
		byte[] tail;
		if (size <= head.length) {
			tail = Arrays.copyOfRange(head, (int) Math.max(0, size - DiskHeader.TAIL_BYTES), (int) size);
		}
		else if (DiskHeader.decidedByHead(head)) {
			tail = Arrays.copyOf(head, Math.min(head.length, DiskHeader.TAIL_BYTES)); // a VHD's footer copy, or unused
		}
		else {
			tail = range(retrier, context, oss, bucket, key, size - DiskHeader.TAIL_BYTES, size - 1).bytes();
		}
		return new ProbedDisk(size, DiskHeader.read(head, tail, size));
	}

	/** Bytes of an object and the object's whole size. */
	private record Range(byte[] bytes, long total) {
	}

	/** One ranged GET, body included: a connection reset while reading the body is retried too. */
	private static Range range(Retrier retrier, CallContext context, OSS oss, String bucket, String key, long first,
			long last) {
		GetObjectRequest request = new GetObjectRequest(bucket, key);
		request.setRange(first, last);
		int wanted = (int) (last - first + 1);
		return retrier.call(context, "OSS.GetObject", true, () -> {
			try (OSSObject object = oss.getObject(request)) {
				InputStream in = object.getObjectContent();
				// never more than the range: OSS answers a range it cannot satisfy (the object shrank
				// between two reads, or a proxy dropped the Range) with the whole object, up to a disk
				byte[] bytes = in.readNBytes(wanted);
				long total = total(object.getObjectMetadata().getRawMetadata().get("Content-Range"),
						Math.max(bytes.length, object.getObjectMetadata().getContentLength()));
				if (bytes.length == wanted && in.read() != -1) {
					object.forcedClose(); // abort: closing would read the rest of the object to reuse the connection
				}
				return new Range(bytes, total);
			}
		});
	}

	/**
	 * The object's size from {@code Content-Range: bytes 0-65535/TOTAL}; without the header OSS
	 * answered the whole object (200), whose size is its {@code Content-Length}.
	 */
	static long total(Object contentRange, long whole) {
		if (contentRange == null) {
			return whole;
		}
		Matcher m = TOTAL.matcher(String.valueOf(contentRange));
		return m.find() ? Long.parseLong(m.group(1)) : whole;
	}

}
