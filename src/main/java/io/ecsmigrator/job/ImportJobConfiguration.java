package io.ecsmigrator.job;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code import}: load -> plan -> preflight -> submit -> track. The cloud steps are not built yet,
 * so today it stops after plan; it is its own job (not {@code validate}'s) so that a validated
 * inventory can still be imported, and an import run keeps its own ledger.
 */
@Configuration(proxyBeanMethods = false)
public class ImportJobConfiguration {

	public static final String JOB = "import";

	@Bean
	Job importJob(JobRepository jobRepository, Step loadStep, Step planStep, MigrationRunListener runListener) {
		return new JobBuilder(JOB, jobRepository).listener(runListener).start(loadStep).next(planStep).build();
	}

}
