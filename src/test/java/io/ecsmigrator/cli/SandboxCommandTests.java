package io.ecsmigrator.cli;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sandbox} refuses a port it cannot take in one line, as a usage error, with no stack trace. */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // generous: a hang fails the test instead of blocking the build
class SandboxCommandTests {

	private static String[] run(String... args) {
		MigratorCliTests.Result result = MigratorCliTests.runCli(args);
		return new String[] { Integer.toString(result.exit()), result.err() };
	}

	@Test
	void aPortInUseIsOneLineAndExitTwo() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			String[] result = run("sandbox", "--port", Integer.toString(taken.getLocalPort()), "--scenario",
					"jobs/sandbox/sample-wave.yaml");
			assertThat(result[0]).isEqualTo(Integer.toString(ExitCodes.USAGE));
			assertThat(result[1]).isEqualTo("error: port %d is in use: choose another with --port%n"
				.formatted(taken.getLocalPort()));
		}
	}

	@Test
	void aNumberThatIsNoPortIsOneLineAndExitTwo() {
		String[] result = run("sandbox", "--port", "70000", "--scenario", "jobs/sandbox/sample-wave.yaml");
		assertThat(result[0]).isEqualTo(Integer.toString(ExitCodes.USAGE));
		assertThat(result[1]).startsWith("error: --port 70000 is not a port").doesNotContain("Exception");
	}

	@Test
	void aBadScenarioIsOneLineAndExitTwo() {
		String[] result = run("sandbox", "--port", "0", "--scenario", "jobs/sandbox/none.yaml");
		assertThat(result[0]).isEqualTo(Integer.toString(ExitCodes.USAGE));
		assertThat(result[1]).isEqualTo("error: jobs/sandbox/none.yaml: no such file%n".formatted());
	}

}
