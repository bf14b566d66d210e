package io.ecsmigrator.support;

import java.nio.file.Path;

import io.ecsmigrator.inventory.InventoryFileInspector;
import io.ecsmigrator.job.RunLauncher;
import io.ecsmigrator.job.RunOptions;
import io.ecsmigrator.job.RunOutcome;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.sandbox.SandboxServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.batch.core.job.Job;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The cloud of a job-level test class: a sandbox started with the class (a static field, so that
 * the class's {@code @DynamicPropertySource} can point the migrator at it), its AccessKey in the
 * credentials chain before all the class's tests and out of it after, the sandbox closed after
 * all, and the import job with its launcher from the class's Spring context.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final SandboxJob CLOUD = SandboxJob.start(Scenarios.scenario()...build());
 *
 * &#64;DynamicPropertySource
 * static void cloud(DynamicPropertyRegistry registry) {
 *     CLOUD.register(registry);
 * }
 * </pre>
 *
 * The context is the one {@code @SpringBootTest} gives the class; it is loaded once the
 * credentials are set, as the migrator reads them when its clients are made.
 */
public final class SandboxJob implements BeforeAllCallback, AfterAllCallback {

	private final SandboxServer sandbox;

	private String accessKeyId = "testAK";

	private String secret = "testSecret";

	private ApplicationContext context;

	private SandboxJob(SandboxServer sandbox) {
		this.sandbox = sandbox;
	}

	/** Starts a sandbox of the scenario on a free port. */
	public static SandboxJob start(Scenario scenario) {
		return new SandboxJob(SandboxCloud.start(scenario));
	}

	/** The AccessKey the migrator uses (default: testAK / testSecret). */
	public SandboxJob credentials(String accessKeyId, String secret) {
		this.accessKeyId = accessKeyId;
		this.secret = secret;
		return this;
	}

	public SandboxServer sandbox() {
		return this.sandbox;
	}

	/** The cloud's endpoints at the sandbox, and an embedded ledger of the class's own. */
	public void register(DynamicPropertyRegistry registry) {
		SandboxCloud.register(registry, this.sandbox);
		TestDatabases.registerH2(registry);
	}

	@Override
	public void beforeAll(ExtensionContext extension) {
		SandboxCloud.useCredentials(this.accessKeyId, this.secret);
		this.context = SpringExtension.getApplicationContext(extension);
	}

	@Override
	public void afterAll(ExtensionContext extension) {
		SandboxCloud.clearCredentials();
		this.sandbox.close();
	}

	public RunLauncher launcher() {
		return bean(RunLauncher.class);
	}

	public Job importJob() {
		return context().getBean("importJob", Job.class);
	}

	/** A launch of the import job on the inventory, as {@code import} makes it. */
	public RunOutcome launch(Path inventory, RunOptions options) throws Exception {
		return launcher().launch(importJob(), new InventoryFileInspector().inspect(inventory), options);
	}

	public <T> T bean(Class<T> type) {
		return context().getBean(type);
	}

	private ApplicationContext context() {
		if (this.context == null) {
			throw new IllegalStateException("the class's tests have not started: register SandboxJob as a static "
					+ "@RegisterExtension field of a @SpringBootTest class");
		}
		return this.context;
	}

}
