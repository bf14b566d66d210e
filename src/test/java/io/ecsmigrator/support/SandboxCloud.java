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
						Duration.ofMillis(50)), java.util.Map.of(), new CloudProperties.QuotaCenter(url));
	}

	/** A sandbox of the scenario on a free port, for a test class's lifetime. */
	public static SandboxServer start(io.ecsmigrator.sandbox.Scenario scenario) {
		try {
			return SandboxServer.start(scenario, 0);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("cannot start the sandbox", ex);
		}
	}

	/** Points a Spring test context's cloud endpoints at the sandbox. */
	public static void register(org.springframework.test.context.DynamicPropertyRegistry registry,
			SandboxServer sandbox) {
		String url = "http://" + sandbox.endpoint();
		registry.add("migrator.ecs.endpoint", () -> url);
		registry.add("migrator.oss.endpoint", () -> url);
		registry.add("migrator.ram.endpoint", () -> url);
		registry.add("migrator.quotas.endpoint", () -> url);
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
