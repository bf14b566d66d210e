package io.ecsmigrator.distributed;

import io.ecsmigrator.job.Progress;
import io.ecsmigrator.job.RunStopper;

import org.springframework.batch.core.repository.JobRepository;

/** What the manager's side works with, for each partitioned step it hands to the workers. */
record ManagerServices(JobRepository jobRepository, PartitionLeaseRepository leases, PartitionRequests requests,
		DistributedProperties properties, RunStopper stopper, Progress progress) {
}
