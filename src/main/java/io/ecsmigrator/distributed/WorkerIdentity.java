package io.ecsmigrator.distributed;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * A worker process: {@code <host>/<pid>/<8 hex>}. The random part keeps apart two workers that got
 * the same pid (pid 1 in containers, or a pid reused after a restart).
 */
public record WorkerIdentity(String id, String host, long pid) {

	public static WorkerIdentity ofThisProcess() {
		String host = hostName();
		long pid = ProcessHandle.current().pid();
		String id = "%s/%d/%s".formatted(host, pid, UUID.randomUUID().toString().substring(0, 8));
		return new WorkerIdentity((id.length() > 100) ? id.substring(id.length() - 100) : id, host, pid);
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

}
