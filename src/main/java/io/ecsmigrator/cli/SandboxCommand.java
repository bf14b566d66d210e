package io.ecsmigrator.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the sandbox on its own, for rehearsals and for the README demo. No ledger is opened. */
@Command(name = "sandbox", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, description = "Runs a local simulation of ECS, OSS and RAM on 127.0.0.1 until Ctrl-C.")
class SandboxCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--port", defaultValue = "8099", paramLabel = "N", description = "Port (default: ${DEFAULT-VALUE}).")
	private int port;

	@Option(names = "--scenario", required = true, paramLabel = "FILE", description = "The scenario (YAML).")
	private Path scenarioFile;

	@Option(names = "--state", paramLabel = "FILE",
			description = "Keep the sandbox's images and counters in this file, to survive its restart.")
	private Path stateFile;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		Scenario scenario;
		try {
			scenario = Scenario.load(this.scenarioFile);
		}
		catch (IllegalArgumentException ex) {
			err.println("error: " + ex.getMessage());
			return ExitCodes.USAGE;
		}
		if (this.port < 0 || this.port > 65535) {
			err.printf("error: --port %d is not a port: choose one from 1 to 65535 (0: any free one)%n",
					this.port);
			return ExitCodes.USAGE;
		}
		SandboxServer server;
		try {
			server = (this.stateFile != null) ? SandboxServer.start(scenario, this.port, this.stateFile)
					: SandboxServer.start(scenario, this.port);
		}
		catch (java.net.BindException ex) {
			err.printf("error: port %d is in use: choose another with --port%n", this.port);
			return ExitCodes.USAGE;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.close();
			out.println("Sandbox stopped.");
			out.flush();
			stopped.countDown();
		}));
		out.printf("Sandbox listening on http://%s (ECS and RAM at /, OSS path-style at /bucket/key, counters at /_sandbox/counters), scenario %s%n", server.endpoint(),
				this.scenarioFile);
		out.println(scenario.usesDefaultAccessKey()
				? "Access key: testAK with the sandbox's default secret (README, \"The sandbox\")"
				: "Access keys: %s (their secrets are in the scenario file)".formatted(String.join(", ",
						scenario.accessKeys().stream().map(Scenario.AccessKey::id).toList())));
		out.printf("SDK endpoint: %s over HTTP (e.g. request.setSysEndpoint(\"%s\"))%n", server.endpoint(),
				server.endpoint());
		out.println("Stop with Ctrl-C.");
		stopped.await();
		return ExitCodes.OK;
	}

}
