package io.ecsmigrator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;

/**
 * {@code import --sandbox SCENARIO}: the sandbox in this process, with every cloud endpoint
 * pointed at it and its access key fed to the credentials chain (through the chain's system
 * properties, so it is never printed nor stored). Its state is kept beside the ledger, so a second
 * run finds the images of the first, as it would in the cloud.
 */
final class LocalSandbox implements AutoCloseable {

	private static final String KEY_ID = "alibabacloud.accessKeyId";

	private static final String KEY_SECRET = "alibabacloud.accessKeySecret";

	private final SandboxServer server;

	private LocalSandbox(SandboxServer server) {
		this.server = server;
	}

	/**
	 * Runs a command's work against the sandbox of a scenario, or against the configured cloud
	 * when there is none.
	 */
	static int around(Path scenarioFile, MigratorCommand command, java.util.concurrent.Callable<Integer> work)
			throws Exception {
		if (scenarioFile == null) {
			return work.call();
		}
		LocalSandbox sandbox;
		try {
			sandbox = start(scenarioFile, command);
		}
		catch (IllegalArgumentException ex) {
			command.err().println("error: " + ex.getMessage());
			return ExitCodes.USAGE;
		}
		try (sandbox) {
			command.out().printf("Sandbox of %s at http://%s: nothing is sent to Alibaba Cloud.%n", scenarioFile,
					sandbox.server.endpoint());
			return work.call();
		}
	}

	/** @throws IllegalArgumentException if the scenario cannot be read */
	private static LocalSandbox start(Path scenarioFile, MigratorCommand command) throws IOException {
		Scenario scenario = Scenario.load(scenarioFile);
		String name = scenarioFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
		Path state = command.dataDir().resolve("sandbox").resolve(name + ".state.json");
		Files.createDirectories(state.getParent());
		SandboxServer server = SandboxServer.start(scenario, 0, state);
		String url = "http://" + server.endpoint();
		command.addSpringDefaults(List.of("--migrator.ecs.endpoint=" + url, "--migrator.oss.endpoint=" + url,
				"--migrator.ram.endpoint=" + url, "--migrator.quotas.endpoint=" + url, "--migrator.track.poll-interval=1s",
				"--migrator.submit.wait-poll-interval=1s"));
		Scenario.AccessKey key = scenario.accessKeys().get(0);
		System.setProperty(KEY_ID, key.id());
		System.setProperty(KEY_SECRET, key.secret());
		return new LocalSandbox(server);
	}

	@Override
	public void close() {
		System.clearProperty(KEY_ID);
		System.clearProperty(KEY_SECRET);
		this.server.close();
	}

}
