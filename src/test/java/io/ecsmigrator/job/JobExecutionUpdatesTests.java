package io.ecsmigrator.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.support.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two branches of the import job's split update the same job execution when they stop at once
 * (after a Ctrl-C): the job repository takes those updates one at a time, so neither fails on the
 * version the other just wrote.
 */
@SpringBootTest(classes = MigratorApplication.class, properties = "migrator.progress-interval=1h")
class JobExecutionUpdatesTests {

	private static final int UPDATES = 200;

	@DynamicPropertySource
	static void ledger(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry);
	}

	@Autowired
	JobRepository jobRepository;

	@Test
	void twoBranchesUpdatingTheSameExecutionAtOnceBothSucceed() throws Exception {
		JobParameters parameters = new JobParametersBuilder().addLong("test.run", System.nanoTime()).toJobParameters();
		JobInstance instance = this.jobRepository.createJobInstance("split-updates", parameters);
		JobExecution execution = this.jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
		execution.setStatus(BatchStatus.STARTED);
		CyclicBarrier together = new CyclicBarrier(2);
		List<CompletableFuture<Void>> branches = new ArrayList<>();
		for (int branch = 0; branch < 2; branch++) {
			branches.add(CompletableFuture.runAsync(() -> {
				for (int i = 0; i < UPDATES; i++) {
					try {
						together.await(10, TimeUnit.SECONDS);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
					this.jobRepository.update(execution);
				}
			}));
		}
		for (CompletableFuture<Void> branch : branches) {
			branch.get(2, TimeUnit.MINUTES);
		}
		assertThat(this.jobRepository.getJobExecution(execution.getId()).getVersion()).isGreaterThanOrEqualTo(2 * UPDATES);
	}

}
