package io.ecsmigrator.job;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code validate}: load and plan, offline. Nothing touches the cloud. */
@Configuration(proxyBeanMethods = false)
public class ValidateJobConfiguration {

	public static final String JOB = "validate";

	@Bean
	Job validateJob(JobRepository jobRepository, Step loadStep, Step planStep, MigrationRunListener runListener) {
		return new JobBuilder(JOB, jobRepository).listener(runListener).start(loadStep).next(planStep).build();
	}

}
