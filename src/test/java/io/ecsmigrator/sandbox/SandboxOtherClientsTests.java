package io.ecsmigrator.sandbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alibaba Cloud's official Node.js clients (@alicloud/pop-core for ECS, ali-oss for OSS) against
 * the sandbox. They sign, encode and parse on their own, so this shows that the sandbox speaks the
 * protocol, not the Java SDK's reading of it: ali-oss, for one, names the bucket in the Host header
 * and signs x-oss-date in V1, where the Java SDK does neither.
 * <p>
 * Needs Node.js and {@code npm ci} in {@code src/test/node} (as {@code .ci/run} does); skipped
 * without them unless {@code -Dmigrator.test.node=required}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class SandboxOtherClientsTests {

	private static final Path NODE_DIR = Path.of("src/test/node");

	@Test
	void officialNodeClientsAcceptTheSandbox() throws Exception {
		boolean ready = Files.isDirectory(NODE_DIR.resolve("node_modules/ali-oss"))
				&& Files.isDirectory(NODE_DIR.resolve("node_modules/@alicloud/pop-core")) && nodeRuns();
		if (!ready && "required".equals(System.getProperty("migrator.test.node"))) {
			throw new IllegalStateException("Node.js and 'npm ci' in src/test/node are required");
		}
		Assumptions.assumeTrue(ready, "Node.js or the clients in src/test/node are not installed");

		Scenario scenario = Scenarios.scenario().region("cn-hangzhou").bucket("disks-hz", "cn-hangzhou")
			.object("wave/web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.object("wave/ad.vhd", Scenario.DiskKind.VHD_FIXED, 80).build();
		try (SandboxServer sandbox = SandboxServer.start(scenario, 0)) {
			Process node = new ProcessBuilder("node", "interop.js", sandbox.endpoint()).directory(NODE_DIR.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(node.exitValue()).as(output).isZero();
			JsonNode seen = JsonMapper.builder().build().readTree(output);

			assertThat(seen.get("regions").get(0).asString()).isEqualTo("cn-hangzhou");
			assertThat(seen.get("imageId").asString()).startsWith("m-");
			assertThat(seen.get("describedName").asString()).isEqualTo("node-01");
			assertThat(seen.get("describedTag").asString()).isEqualTo("node test");
			assertThat(seen.get("duplicate").asString()).as("the first is still importing").isEqualTo("ImageIsImporting");
			assertThat(seen.get("wrongSecret").asString()).isEqualTo("SignatureDoesNotMatch");
			for (String version : List.of("ossV1", "ossV4")) {
				JsonNode oss = seen.get(version);
				assertThat(oss.get("headLength").asLong()).as(version).isEqualTo(DiskBytes.objectSize(scenario
					.bucket("disks-hz").orElseThrow().object("wave/web.qcow2").orElseThrow()));
				assertThat(oss.get("qcow2Magic").asString()).as(version).isEqualTo("514649fb");
				assertThat(oss.get("qcow2Size").asString()).as(version).isEqualTo(Long.toString(40L << 30));
				assertThat(oss.get("vhdCookie").asString()).as(version).isEqualTo("conectix");
				assertThat(oss.get("location").asString()).as(version).isEqualTo("oss-cn-hangzhou");
				assertThat(oss.get("missingKey").asString()).as(version).isEqualTo("NoSuchKey");
				assertThat(oss.get("wrongSecret").asString()).as(version).isEqualTo("SignatureDoesNotMatch");
			}
			assertThat(sandbox.counters().createdImages()).containsEntry("cn-hangzhou/node-01", 1L);
		}
	}

	private static boolean nodeRuns() {
		try {
			return new ProcessBuilder("node", "--version").start().waitFor(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			return false;
		}
	}

}
