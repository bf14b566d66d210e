package io.ecsmigrator.support;

import java.time.Duration;

import io.ecsmigrator.cloud.CloudProperties;
import io.ecsmigrator.sandbox.SandboxServer;

/** The migrator's cloud settings pointed at a sandbox, and the sandbox's key in the credentials chain. */
public final class SandboxCloud {

	private SandboxCloud() {
	}

	/** Every endpoint at the sandbox; short timeouts and waits, as a test wants. */
	public static CloudProperties properties(SandboxServer sandbox, String ossSignatureVersion, int maxAttempts) {
		String url = "http://" + sandbox.endpoint();
		return new CloudProperties(new CloudProperties.Ecs(url, Duration.ofSeconds(2), Duration.ofSeconds(5)),
				new CloudProperties.Oss(url, ossSignatureVersion, Duration.ofSeconds(2), Duration.ofSeconds(5)),
				new CloudProperties.Ram(url), new CloudProperties.Retry(maxAttempts, Duration.ofMillis(1),
						Duration.ofMillis(50)));
	}

	/** Feeds the default credentials chain through its system properties, its first source. */
	public static void useCredentials(String accessKeyId, String secret) {
		System.setProperty("alibabacloud.accessKeyId", accessKeyId);
		System.setProperty("alibabacloud.accessKeySecret", secret);
	}

	public static void clearCredentials() {
		System.clearProperty("alibabacloud.accessKeyId");
		System.clearProperty("alibabacloud.accessKeySecret");
	}

}
