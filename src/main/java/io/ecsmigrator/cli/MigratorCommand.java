package io.ecsmigrator.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.MigratorProperties;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top command. Spring (and with it the ledger database) starts only when a subcommand needs
 * it, so {@code --help}, usage mistakes and an unreadable inventory answer at once.
 */
@Command(name = "ecs-image-migrator", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "Imports VM disks from OSS into Alibaba Cloud ECS as custom images, restartably.",
		subcommands = { ValidateCommand.class, ImportCommand.class, StatusCommand.class, ReportCommand.class,
				CancelCommand.class, SandboxCommand.class, WorkerCommand.class, CommandLine.HelpCommand.class },
		// one string per paragraph: picocli wraps it at the usage width
		// the README's exit code table, in short
		footer = { "", "Exit codes: 0 all images reached their goal, 1 some images failed, are invalid or were "
				+ "cancelled, 2 usage, configuration or unreadable input (status, report, cancel: no ledger, or "
				+ "an older one), 3 stopped (images deferred, or another process at work): run "
				+ "the same command again later, 4 infrastructure failure, 130 stopped by Ctrl-C, 143 stopped by "
				+ "SIGTERM: run the same command to continue.", "",
				"Spring properties go after the command, e.g.", "  --spring.datasource.url=jdbc:postgresql://…" })
public class MigratorCommand {

	private static final String DATA_DIR = "migrator.data-dir";

	private final List<String> springArgs;

	private final List<String> springDefaults = new java.util.ArrayList<>();

	private final Map<String, ?> environment;

	/** Bound on first use: {@code --help} and {@code --version} need no Spring binding. */
	private Settings settings;

	/**
	 * @param dataDir {@code migrator.data-dir}
	 * @param embeddedLedger no {@code spring.datasource.url}: the H2 file in the data directory
	 * @param h2Ledger the embedded ledger or another H2 database: one process at a time
	 */
	private record Settings(Path dataDir, boolean embeddedLedger, boolean h2Ledger) {
	}

	private ConfigurableApplicationContext context;

	@Spec
	private CommandSpec spec;

	/** Set by the commands that only read the ledger: they never upgrade its schema. */
	private boolean readOnlyLedger;

	/** Where human text goes; {@code null}: picocli's out. */
	private PrintWriter human;

	MigratorCommand(List<String> springArgs) {
		this(springArgs, System.getenv());
	}

	/** @param environment the process's environment variables ({@code MIGRATOR_DATA_DIR}…) */
	MigratorCommand(List<String> springArgs, Map<String, ?> environment) {
		this.environment = environment;
		this.springArgs = springArgs;
	}

	private Settings settings() {
		if (this.settings == null) {
			String url = Binder.get(springEnvironment(this.springArgs, this.environment))
				.bind("spring.datasource.url", String.class)
				.orElse(null);
			this.settings = new Settings(dataDir(this.springArgs, this.environment), url == null,
					url == null || url.startsWith("jdbc:h2:"));
		}
		return this.settings;
	}

	/** The application context, started on first use. */
	ConfigurableApplicationContext context() {
		if (this.context == null) {
			SpringApplication application = new SpringApplication(MigratorApplication.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			ConsoleWriters console = new ConsoleWriters(out(), err());
			application.addInitializers(context -> context.getBeanFactory()
				.registerSingleton("consoleWriters", console));
			if (this.readOnlyLedger) {
				application.addInitializers(context -> context.getBeanFactory()
					.registerSingleton("ledgerReadOnly", new LedgerReadOnly()));
			}
			// the context gets the very folder the sandbox uses, however the operator gave it, and as an
			// absolute path: the embedded ledger's URL is built from it, and H2 refuses a bare relative
			// one ("migrator-data/ledger")
			List<String> args = new java.util.ArrayList<>(
					this.springArgs.stream().filter(arg -> !arg.startsWith("--" + DATA_DIR + "=")).toList());
			for (String fallback : springDefaults()) {
				String name = fallback.substring(0, fallback.indexOf('=') + 1);
				if (args.stream().noneMatch(arg -> arg.startsWith(name))) {
					args.add(fallback);
				}
			}
			this.context = application.run(args.toArray(String[]::new));
		}
		return this.context;
	}

	/** The command's human text: picocli's out, or its err under {@code --json}. */
	PrintWriter out() {
		return (this.human != null) ? this.human : this.spec.commandLine().getOut();
	}

	PrintWriter err() {
		return this.spec.commandLine().getErr();
	}

	/**
	 * For {@code --json}: human text (progress included) goes to err, so that out holds only the
	 * document; before the context starts.
	 */
	void humanTextToErr() {
		this.human = err();
		// the console's log lines (warnings) go to stdout: keep them in the log file only
		addSpringDefaults(List.of("--logging.threshold.console=OFF"));
	}

	/** Where {@code --json} writes its document. */
	PrintWriter jsonOut() {
		return this.spec.commandLine().getOut();
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

	/**
	 * Where the ledger, the log, the reports and the sandbox's state go ({@code migrator.data-dir}),
	 * known before the context starts because the sandbox starts first.
	 */
	Path dataDir() {
		return settings().dataDir();
	}

	/**
	 * {@code migrator.data-dir} as Spring binds it, from the same sources the context reads it from
	 * (the command line, system properties, the environment as {@code MIGRATOR_DATA_DIR}), with
	 * {@link MigratorProperties}' default.
	 */
	static Path dataDir(List<String> springArgs, Map<String, ?> environment) {
		return Binder.get(springEnvironment(springArgs, environment))
			.bindOrCreate("migrator", MigratorProperties.class)
			.dataDir();
	}

	/** The command line and the environment as the context will see them, before it starts. */
	private static StandardEnvironment springEnvironment(List<String> springArgs, Map<String, ?> environment) {
		StandardEnvironment spring = new StandardEnvironment();
		MutablePropertySources sources = spring.getPropertySources();
		@SuppressWarnings("unchecked")
		Map<String, Object> variables = (Map<String, Object>) environment;
		sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		sources.addFirst(new SimpleCommandLinePropertySource(springArgs.toArray(String[]::new)));
		return spring;
	}

	/**
	 * For the commands that only read a ledger ({@code status}, {@code report}, {@code cancel}): the
	 * reason there is none to read, or {@code null}. The embedded ledger is a file that opening would
	 * create, so these commands look for it first and never leave an empty one behind. Calling it
	 * also keeps the context from upgrading the ledger's schema ({@link LedgerReadOnly}).
	 */
	String missingLedger() {
		this.readOnlyLedger = true;
		Path dataDir = settings().dataDir();
		if (!settings().embeddedLedger() || Files.exists(dataDir.resolve("ledger.mv.db"))) {
			return null;
		}
		return "there is no ledger in %s: 'import' or 'validate' creates it (for another ledger, give "
			.formatted(dataDir.toAbsolutePath()) + "--migrator.data-dir or --spring.datasource.url)";
	}

	/**
	 * The ledger is H2 (the embedded file, or an H2 URL), which one process opens at a time: the
	 * distributed mode, whose processes share the ledger, needs PostgreSQL.
	 */
	boolean h2Ledger() {
		return settings().h2Ledger();
	}

	/** The properties this command will give the context unless the operator gave them. */
	List<String> springDefaults() {
		List<String> defaults = new java.util.ArrayList<>();
		defaults.add("--" + DATA_DIR + "=" + settings().dataDir().toAbsolutePath());
		defaults.addAll(this.springDefaults);
		return List.copyOf(defaults);
	}

	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

}
