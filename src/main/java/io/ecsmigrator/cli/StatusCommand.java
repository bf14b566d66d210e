package io.ecsmigrator.cli;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.ecsmigrator.distributed.DistributedProperties;
import io.ecsmigrator.distributed.PartitionLeaseRepository;
import io.ecsmigrator.distributed.WorkerRegistry;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.MigrationRun;
import io.ecsmigrator.ledger.RegionQuota;
import io.ecsmigrator.ledger.RegionQuotaRepository;
import io.ecsmigrator.ledger.RunRepository;

import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, description = "Lists the runs in the ledger with their images per status.")
class StatusCommand implements Callable<Integer> {

	@ParentCommand
	private MigratorCommand parent;

	@Option(names = "--json", description = "Print the runs as one JSON document on stdout (the README shows "
			+ "its fields), not as a table.")
	private boolean json;

	@Override
	public Integer call() {
		String missing = this.parent.missingLedger();
		if (missing != null) {
			this.parent.err().println("error: " + missing);
			return ExitCodes.USAGE;
		}
		ConfigurableApplicationContext context = this.parent.context();
		List<MigrationRun> runs = context.getBean(RunRepository.class).findAll();
		ImageRepository images = context.getBean(ImageRepository.class);
		RegionQuotaRepository quotas = context.getBean(RegionQuotaRepository.class);
		Workers workers = workers(context);
		if (this.json) {
			JsonDocuments.write(this.parent.jsonOut(), new JsonDocuments.StatusDocument(runs.stream()
				.map(run -> new JsonDocuments.StatusDocument.Run(run.runId(), run.jobName(), run.inventoryPath(),
						run.inventorySha256(), run.status(),
						run.createdAt().withNano(0).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "Z",
						JsonDocuments.byName(images.countByStatus(run.runId())), images.inFlightByRegion(run.runId())))
				.toList(), workers.seen().stream().map(JsonDocuments.StatusDocument.Worker::of).toList(),
					workers.running().stream().map(JsonDocuments.StatusDocument.Partition::of).toList()));
			return ExitCodes.OK;
		}
		if (runs.isEmpty()) {
			this.parent.out().println("No runs yet. Start one with: validate --inventory FILE");
			printWorkers(workers);
			return ExitCodes.OK;
		}
		this.parent.out().printf("%-5s %-9s %-10s %-19s %-40s %s%n", "run", "job", "state", "created (UTC)", "images",
				"inventory");
		for (MigrationRun run : runs) {
			String counts = images.countByStatus(run.runId())
				.entrySet()
				.stream()
				.map(e -> e.getKey() + " " + e.getValue())
				.collect(Collectors.joining(", "));
			this.parent.out().printf("%-5d %-9s %-10s %-19s %-40s %s%n", run.runId(), run.jobName(), run.status(),
					run.createdAt().withNano(0).toString().replace('T', ' '), counts.isEmpty() ? "-" : counts,
					run.inventoryPath());
			Map<String, Long> inFlight = images.inFlightByRegion(run.runId());
			if (!inFlight.isEmpty()) {
				this.parent.out().println("      in flight: " + inFlight.entrySet()
					.stream()
					.map(e -> e.getKey() + " " + e.getValue())
					.collect(Collectors.joining(", ")));
			}
			for (RegionQuota quota : quotas.of(run.runId())) {
				this.parent.out().printf("      quota %s: images %s, snapshots %s%n", quota.region(),
						limit(quota.images(), quota.imagesSource()), limit(quota.snapshots(), quota.snapshotsSource()));
			}
		}
		printWorkers(workers);
		return ExitCodes.OK;
	}

	/**
	 * The distributed mode's workers seen within {@code window} seconds (two leases), and the
	 * partitions workers run now.
	 */
	private record Workers(long window, List<WorkerRegistry.SeenWorker> seen,
			List<PartitionLeaseRepository.Running> running) {
	}

	/** None on the embedded ledger: no worker can share it. */
	private Workers workers(ConfigurableApplicationContext context) {
		if (this.parent.h2Ledger()) {
			return new Workers(0, List.of(), List.of());
		}
		long window = context.getBean(DistributedProperties.class).lease().multipliedBy(2).toSeconds();
		return new Workers(window, context.getBean(WorkerRegistry.class).seenWithin(window),
				context.getBean(PartitionLeaseRepository.class).running());
	}

	private void printWorkers(Workers workers) {
		List<PartitionLeaseRepository.Running> running = workers.running();
		if (workers.seen().isEmpty() && running.isEmpty()) {
			return;
		}
		this.parent.out().printf("%nWorkers seen in the last %d s:%n", workers.window());
		for (WorkerRegistry.SeenWorker worker : workers.seen()) {
			this.parent.out().printf("  %s: host %s, pid %d, migrator %s, %d of %d partition(s) in hand, last heartbeat %s%s%n",
					worker.workerId(), worker.host(), worker.pid(), worker.version(), worker.partitions(),
					worker.concurrency(), utc(worker.heartbeatAt()),
					(worker.stoppedAt() != null) ? ", stopped " + utc(worker.stoppedAt()) : "");
		}
		if (!running.isEmpty()) {
			this.parent.out().println("Partitions running:");
			for (PartitionLeaseRepository.Running partition : running) {
				this.parent.out().printf("  run %d %s on %s since %s%n", partition.runId(), partition.stepName(),
						partition.workerId(), utc(partition.claimedAt()));
			}
		}
	}

	private static String utc(java.time.Instant instant) {
		return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", " UTC");
	}

	/** {@code 100 (Quota Center)}, or {@code unchecked}. */
	private static String limit(long value, String source) {
		return (value > 0) ? "%,d (%s)".formatted(value, source) : RegionQuota.UNCHECKED;
	}

}
