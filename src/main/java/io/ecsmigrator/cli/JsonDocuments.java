package io.ecsmigrator.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.ecsmigrator.distributed.PartitionLeaseRepository;
import io.ecsmigrator.distributed.WorkerRegistry;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.report.RunSummary;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The machine-readable face of {@code --json}: one document on stdout when the command ends. Its
 * field names (snake_case, as the report's columns) are a contract with the operator's scripts: the
 * README shows them; add fields, never rename or remove one.
 */
final class JsonDocuments {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	private JsonDocuments() {
	}

	/** One document, on one line, then a newline. */
	static void write(PrintWriter out, Object document) {
		out.println(MAPPER.writeValueAsString(document));
		out.flush();
	}

	/**
	 * What {@code validate --json} and {@code import --json} print.
	 *
	 * @param command {@code validate} or {@code import}
	 * @param inventory the inventory's absolute path
	 * @param exitCode the command's exit code, as the README's table says
	 * @param imagesByStatus every status the run's images have, with their number
	 * @param errorCodes the images' error codes, with their number
	 * @param report the report's absolute path
	 */
	record RunDocument(String command, long runId, String inventory, int exitCode, long images,
			Map<String, Long> imagesByStatus, Map<String, Long> errorCodes, String report) {

		static RunDocument of(String command, Path inventory, int exitCode, RunSummary summary, Path report) {
			return new RunDocument(command, summary.runId(), inventory.toAbsolutePath().toString(), exitCode,
					summary.images(), byName(summary.byStatus()), new TreeMap<>(summary.byErrorCode()),
					report.toAbsolutePath().toString());
		}

	}

	/**
	 * What {@code status --json} prints: the ledger's runs, oldest first; on a shared ledger also the
	 * distributed mode's workers seen recently and the partitions they run (both empty on the
	 * embedded ledger, which no worker can share).
	 */
	record StatusDocument(List<Run> runs, List<Worker> workers, List<Partition> partitionsRunning) {

		/**
		 * @param job {@code validate} or {@code import}
		 * @param state the run's Spring Batch status ({@code COMPLETED}, {@code STOPPED}, …)
		 * @param createdAt UTC, ISO-8601
		 * @param importsInFlightByRegion images sent to ECS and not yet ended, per region
		 */
		record Run(long runId, String job, String inventory, String inventorySha256, String state,
				String createdAt, Map<String, Long> imagesByStatus, Map<String, Long> importsInFlightByRegion) {
		}

		/**
		 * A worker seen within two leases, as plain {@code status} lists it.
		 *
		 * @param partitions the partitions it holds now, of {@code concurrency} at most
		 * @param heartbeatAt UTC, ISO-8601
		 * @param stoppedAt UTC, ISO-8601; null while it runs
		 */
		record Worker(String workerId, String host, long pid, String version, int partitions, int concurrency,
				String heartbeatAt, String stoppedAt) {

			static Worker of(WorkerRegistry.SeenWorker worker) {
				return new Worker(worker.workerId(), worker.host(), worker.pid(), worker.version(),
						worker.partitions(), worker.concurrency(), utc(worker.heartbeatAt()),
						(worker.stoppedAt() != null) ? utc(worker.stoppedAt()) : null);
			}

		}

		/**
		 * A partition a worker runs now.
		 *
		 * @param step the partition's step execution name, e.g. {@code preflightPartition:partition3}
		 * @param claimedAt UTC, ISO-8601
		 */
		record Partition(long runId, String step, String workerId, String claimedAt) {

			static Partition of(PartitionLeaseRepository.Running partition) {
				return new Partition(partition.runId(), partition.stepName(), partition.workerId(),
						utc(partition.claimedAt()));
			}

		}

		private static String utc(Instant instant) {
			return instant.truncatedTo(ChronoUnit.SECONDS).toString();
		}

	}

	static Map<String, Long> byName(Map<ImageStatus, Long> counts) {
		Map<String, Long> named = new LinkedHashMap<>();
		counts.forEach((status, count) -> named.put(status.name(), count));
		return named;
	}

}
