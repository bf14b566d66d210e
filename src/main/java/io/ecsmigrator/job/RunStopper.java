package io.ecsmigrator.job;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ecsmigrator.cloud.Waits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Stops the running launch cleanly when the operator asks (Ctrl-C): the job's execution is stopped
 * through {@link JobOperator#stop}, so each step ends at its next chunk boundary and the execution
 * ends {@code STOPPED}, restartable by the same command. Work that waits (the track step between
 * looks, submit before a call and at the in-flight cap, a retry's backoff, a call's wait for its rate
 * limiter's slot) asks {@link #requested()} or sleeps through {@link #sleep}, which wakes at once on a
 * stop; calls already sent still get their answers. It is the cloud clients' {@link Waits}, so every
 * retrier's backoff and wait for a slot wakes on a stop.
 */
@Component
public class RunStopper implements Waits {

	private static final Logger log = LoggerFactory.getLogger(RunStopper.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final CountDownLatch stop = new CountDownLatch(1);

	private volatile Launch launch;

	public RunStopper(JobOperator jobOperator, JobRepository jobRepository) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
	}

	/** The launch about to start, which a stop is for; {@code null} when it ended. */
	private record Launch(String jobName, JobParameters parameters) {
	}

	void launching(String jobName, JobParameters parameters) {
		this.launch = new Launch(jobName, parameters);
		if (requested()) {
			// asked before this launch could be reached: it stops at its first chunk boundary
			startStopping();
		}
	}

	void launched() {
		this.launch = null;
	}

	/**
	 * Asks the running launch to stop, and returns at once; idempotent. The execution may not be in
	 * the job repository yet (the launch is starting): a daemon thread then tries again until it is,
	 * or the launch has ended.
	 */
	public void request() {
		if (this.stop.getCount() == 0) {
			return;
		}
		this.stop.countDown();
		startStopping();
	}

	private void startStopping() {
		Thread stopper = new Thread(this::stopExecution, "run-stopper");
		stopper.setDaemon(true);
		stopper.start();
	}

	public boolean requested() {
		return this.stop.getCount() == 0;
	}

	@Override
	public boolean stopped() {
		return requested();
	}

	/**
	 * Sleeps for the duration, or less if a stop is requested.
	 *
	 * @return whether a stop was requested
	 */
	@Override
	public boolean sleep(Duration duration) throws InterruptedException {
		return this.stop.await(Math.max(0, duration.toNanos()), TimeUnit.NANOSECONDS);
	}

	private void stopExecution() {
		while (this.launch != null) {
			Launch current = this.launch;
			try {
				JobExecution execution = this.jobRepository.getLastJobExecution(current.jobName(),
						current.parameters());
				if (execution != null && execution.getStatus() == BatchStatus.STOPPING) {
					return;
				}
				if (execution != null && execution.getStatus().isRunning()) {
					this.jobOperator.stop(execution);
					return;
				}
			}
			catch (Exception ex) {
				// the execution ended between the look and the stop, or is not saved yet: look again
				log.debug("stopping the run: {}", ex.getMessage());
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
