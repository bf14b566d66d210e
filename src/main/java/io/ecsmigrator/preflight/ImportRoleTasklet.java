package io.ecsmigrator.preflight;

import java.util.ArrayList;
import java.util.List;

import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.cloud.CloudErrorCodes;
import io.ecsmigrator.inventory.ImportDefaults;
import io.ecsmigrator.job.Progress;
import io.ecsmigrator.job.RunStoppedException;
import io.ecsmigrator.job.StepRuns;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The {@code importRole} step, at every launch: each distinct import role of the run's images still to
 * be sent checked once ({@link ImportRoleCheck}), the run-wide one ({@code migrator.import.role-name})
 * first; nothing to send, nothing asked. An unusable
 * run-wide role stops the run before any import, as every image without a role of its own needs it.
 * An unusable role that images name in the inventory fails those images alone ({@code VERIFY_FAILED},
 * {@code NoSetRoletoECSServiceAccount}, the role's problem and fix), before preflight spends calls on
 * them; the other images go on to preflight and submit as if nothing happened.
 */
final class ImportRoleTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(ImportRoleCheck.class);

	private final ObjectProvider<CloudClients> clients;

	private final Progress progress;

	private final ErrorCatalogue catalogue;

	private final ImageRepository images;

	private final ImportDefaults defaults;

	ImportRoleTasklet(ObjectProvider<CloudClients> clients, Progress progress, ErrorCatalogue catalogue,
			ImageRepository images, ImportDefaults defaults) {
		this.clients = clients;
		this.progress = progress;
		this.catalogue = catalogue;
		this.images = images;
		this.defaults = defaults;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		long runId = StepRuns.runId(contribution.getStepExecution());
		List<String> roles = roles(runId);
		if (roles.isEmpty()) {
			return RepeatStatus.FINISHED;
		}
		CloudClients cloud = this.clients.getObject();
		ImportRoleCheck check = new ImportRoleCheck(cloud, cloud.retrier(), this.catalogue);
		CallContext context = new CallContext(runId, null, null);
		String runWide = this.defaults.roleName();
		for (String role : roles) {
			ImportRoleCheck.Result result = check.check(context, role);
			if (result.warning() != null) {
				log.info("import role: {}", result.warning());
				this.progress.warning(PreflightStepConfiguration.ROLE_STEP, result.warning());
			}
			if (result.ready()) {
				continue;
			}
			if (role.equals(runWide)) {
				throw new RunStoppedException(result.problem() + ": ECS cannot read the disk files from OSS, so no "
						+ "image can be imported", result.fix());
			}
			failImagesOf(runId, role, result);
		}
		return RepeatStatus.FINISHED;
	}

	/**
	 * The roles to check, the run-wide one first: those of the planned images, and the run-wide one
	 * while a checked image still waits to be sent with it (a later launch may have changed it). None
	 * when nothing is left to send: an inventory of invalid images ends on its images, not on a role.
	 */
	private List<String> roles(long runId) {
		List<String> roles = new ArrayList<>(this.images.plannedRoles(runId));
		String runWide = this.defaults.roleName();
		if (roles.remove(runWide) || this.images.awaitsSubmitWithRole(runId, runWide)) {
			roles.add(0, runWide);
		}
		return roles;
	}

	private void failImagesOf(long runId, String role, ImportRoleCheck.Result result) {
		List<Integer> lines = this.images.plannedWithRole(runId, role);
		ImageChange change = ImageChange.failed(CloudErrorCodes.NO_IMPORT_ROLE_ACCOUNT, result.problem()
				+ ": ECS cannot read this image's disk files from OSS with it (role_name " + role + ")", result.fix(),
				null);
		int failed = 0;
		for (int line : lines) {
			if (this.images.transition(runId, line, ImageStatus.PLANNED, ImageStatus.VERIFY_FAILED, change)) {
				failed++;
			}
		}
		String warning = "%s: %d image(s) that name it in role_name fail; the others go on".formatted(result.problem(),
				failed);
		log.warn("import role: {}", warning);
		this.progress.warning(PreflightStepConfiguration.ROLE_STEP, warning);
	}

}
