package io.ecsmigrator.cli;

import java.util.List;

import io.ecsmigrator.MigratorApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;

/**
 * The top command. Spring (and with it the ledger database) starts only when a subcommand needs
 * it, so {@code --help}, usage mistakes and an unreadable inventory answer at once.
 */
@Command(name = "ecs-image-migrator", mixinStandardHelpOptions = true, version = "ECS Image Migrator 0.1.0",
		description = "Imports VM disks from OSS into Alibaba Cloud ECS as custom images, restartably.",
		subcommands = { ValidateCommand.class, ImportCommand.class, StatusCommand.class, ReportCommand.class,
				CancelCommand.class,
				SandboxCommand.class },
		footer = { "", "Exit codes: 0 all images reached their goal, 1 some images failed or are invalid,",
				"2 usage or unreadable input, 3 stopped with images deferred, 4 infrastructure failure.", "",
				"Spring properties go after the command, e.g. --spring.datasource.url=jdbc:postgresql://…" })
public class MigratorCommand {

	private final List<String> springArgs;

	private final List<String> springDefaults = new java.util.ArrayList<>();

	private ConfigurableApplicationContext context;

	MigratorCommand(List<String> springArgs) {
		this.springArgs = List.copyOf(springArgs);
	}

	/** The application context, started on first use. */
	ConfigurableApplicationContext context() {
		if (this.context == null) {
			SpringApplication application = new SpringApplication(MigratorApplication.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			List<String> args = new java.util.ArrayList<>(this.springArgs);
			for (String fallback : this.springDefaults) {
				String name = fallback.substring(0, fallback.indexOf('=') + 1);
				if (args.stream().noneMatch(arg -> arg.startsWith(name))) {
					args.add(fallback);
				}
			}
			this.context = application.run(args.toArray(String[]::new));
		}
		return this.context;
	}

	/**
	 * Properties a command sets unless the operator set them ({@code --name=value}); before the
	 * context starts.
	 */
	void addSpringDefaults(List<String> defaults) {
		if (this.context != null) {
			throw new IllegalStateException("the application context has started");
		}
		this.springDefaults.addAll(defaults);
	}

	/** Where the ledger, log and reports go: {@code --migrator.data-dir}, else ./migrator-data. */
	java.nio.file.Path dataDir() {
		return this.springArgs.stream()
			.filter(arg -> arg.startsWith("--migrator.data-dir="))
			.map(arg -> java.nio.file.Path.of(arg.substring("--migrator.data-dir=".length())))
			.reduce((first, second) -> second)
			.orElse(java.nio.file.Path.of("migrator-data"));
	}

	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

}
