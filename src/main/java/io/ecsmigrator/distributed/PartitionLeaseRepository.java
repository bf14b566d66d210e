package io.ecsmigrator.distributed;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.ecsmigrator.job.PartitionsElsewhere;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The lease of each remote partition ({@code partition_lease}): the manager queues it, one worker
 * claims it and renews it every heartbeat, and ends it; the manager alone expires it. Every time
 * is the database's clock ({@code now()}), never a host's, so that clocks of different hosts
 * cannot disagree about who is late. Each change is one guarded {@code UPDATE} (the state it
 * expects is in its {@code WHERE}), so two workers racing for a partition, or a worker renewing a
 * lease the manager has just expired, cannot both win. The statements that change leases are
 * PostgreSQL's ({@code make_interval}, {@code ANY}, {@code RETURNING}), as the distributed mode;
 * {@link #live} and {@link #running} are plain SQL, asked on any ledger.
 */
@Repository
public class PartitionLeaseRepository implements PartitionsElsewhere {

	public static final String QUEUED = "QUEUED";

	public static final String RUNNING = "RUNNING";

	public static final String DONE = "DONE";

	public static final String RELEASED = "RELEASED";

	public static final String LOST = "LOST";

	private final JdbcTemplate jdbc;

	public PartitionLeaseRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A partition a worker runs now, for {@code status}. */
	public record Running(long runId, String stepName, String workerId, Instant claimedAt) {
	}

	/** The partitions workers hold now, oldest first. */
	public List<Running> running() {
		return this.jdbc.query("""
				SELECT run_id, step_name, worker_id, claimed_at FROM partition_lease WHERE state = 'RUNNING'
				ORDER BY claimed_at""",
				(rs, n) -> new Running(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
	}

	/** A lease that expired: its partition is the manager's to hand to another worker. */
	public record Lost(long stepExecutionId, String stepName, String workerId, Instant heartbeatAt) {
	}

	/** A step execution to be sent to the workers; {@code takeoverOf} the one it replaces, or null. */
	public void queue(long stepExecutionId, long jobExecutionId, long runId, String stepName, Long takeoverOf) {
		this.jdbc.update("""
				INSERT INTO partition_lease (step_execution_id, job_execution_id, run_id, step_name, state, takeover_of,
				    queued_at) VALUES (?, ?, ?, ?, 'QUEUED', ?, now())""", stepExecutionId, jobExecutionId, runId,
				stepName, takeoverOf);
	}

	/** The broker confirmed the request. */
	public void sent(long stepExecutionId) {
		this.jdbc.update("UPDATE partition_lease SET sent_at = now() WHERE step_execution_id = ?", stepExecutionId);
	}

	/**
	 * Takes a queued partition for a worker.
	 *
	 * @return until when it holds it, or empty if the partition is not (or no longer) queued: another
	 * worker has it, it ended, or the manager gave it up
	 */
	public Optional<Instant> claim(long stepExecutionId, String workerId, Duration lease) {
		List<Instant> until = this.jdbc.query("""
				UPDATE partition_lease SET state = 'RUNNING', worker_id = ?, claimed_at = now(), heartbeat_at = now(),
				    lease_until = now() + make_interval(secs => ?)
				WHERE step_execution_id = ? AND state = 'QUEUED' RETURNING lease_until""",
				(rs, n) -> rs.getTimestamp(1).toInstant(), workerId, seconds(lease), stepExecutionId);
		return until.stream().findFirst();
	}

	/**
	 * Renews the worker's leases in one statement.
	 *
	 * @return the ids still held; one missing was lost (expired and taken over by the manager)
	 */
	public Set<Long> renew(Collection<Long> stepExecutionIds, String workerId, Duration lease) {
		if (stepExecutionIds.isEmpty()) {
			return Set.of();
		}
		Set<Long> held = new HashSet<>();
		this.jdbc.query(connection -> {
			PreparedStatement statement = connection.prepareStatement("""
					UPDATE partition_lease SET heartbeat_at = now(), lease_until = now() + make_interval(secs => ?)
					WHERE step_execution_id = ANY(?) AND worker_id = ? AND state = 'RUNNING'
					RETURNING step_execution_id""");
			statement.setDouble(1, seconds(lease));
			Array ids = connection.createArrayOf("bigint", stepExecutionIds.toArray());
			statement.setArray(2, ids);
			statement.setString(3, workerId);
			return statement;
		}, rs -> {
			held.add(rs.getLong(1));
		});
		return held;
	}

	/**
	 * The worker's partition ended: {@code DONE}, or {@code RELEASED} when the worker stopped it to
	 * hand it back.
	 *
	 * @return whether the worker still held it
	 */
	public boolean end(long stepExecutionId, String workerId, String state) {
		return this.jdbc.update("""
				UPDATE partition_lease SET state = ?, ended_at = now()
				WHERE step_execution_id = ? AND worker_id = ? AND state = 'RUNNING'""", state, stepExecutionId,
				workerId) == 1;
	}

	/** Ends a lease whatever holds it, e.g. a partition whose step execution already ended. */
	public void close(long stepExecutionId, String state) {
		this.jdbc.update("""
				UPDATE partition_lease SET state = ?, ended_at = now()
				WHERE step_execution_id = ? AND state IN ('QUEUED', 'RUNNING')""", state, stepExecutionId);
	}

	/**
	 * The manager: every one of the given leases not renewed in time is lost. A handler names its own
	 * partitions: two partitioned steps run at once in one job execution (preflight's beside
	 * submit's), and a lease one of them expired would never be seen lost by the other.
	 */
	public List<Lost> expire(Collection<Long> stepExecutionIds) {
		if (stepExecutionIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.query(connection -> {
			PreparedStatement statement = connection.prepareStatement("""
					UPDATE partition_lease SET state = 'LOST', ended_at = now()
					WHERE step_execution_id = ANY(?) AND state = 'RUNNING' AND lease_until < now()
					RETURNING step_execution_id, step_name, worker_id, heartbeat_at""");
			statement.setArray(1, connection.createArrayOf("bigint", stepExecutionIds.toArray()));
			return statement;
		}, (rs, n) -> new Lost(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
	}

	/** A worker refused the request (another ledger or version): counted, for the manager to say. */
	public void refused(long stepExecutionId, String reason) {
		this.jdbc.update("""
				UPDATE partition_lease SET refusals = refusals + 1, last_refusal = ?
				WHERE step_execution_id = ?""", (reason.length() > 400) ? reason.substring(0, 400) : reason,
				stepExecutionId);
	}

	/** The states of the given leases, by step execution id. */
	public Map<Long, String> states(Collection<Long> stepExecutionIds) {
		Map<Long, String> states = new HashMap<>();
		if (stepExecutionIds.isEmpty()) {
			return states;
		}
		this.jdbc.query(connection -> {
			PreparedStatement statement = connection
				.prepareStatement("SELECT step_execution_id, state FROM partition_lease WHERE step_execution_id = ANY(?)");
			statement.setArray(1, connection.createArrayOf("bigint", stepExecutionIds.toArray()));
			return statement;
		}, rs -> {
			states.put(rs.getLong(1), rs.getString(2));
		});
		return states;
	}

	/**
	 * Queued leases whose request is to be sent (again): never confirmed by the broker, or not
	 * claimed within {@code republishAfter} of being sent.
	 */
	public List<Long> toSend(long jobExecutionId, Duration republishAfter) {
		return this.jdbc.queryForList("""
				SELECT step_execution_id FROM partition_lease WHERE job_execution_id = ? AND state = 'QUEUED'
				AND (sent_at IS NULL OR sent_at < now() - make_interval(secs => ?)) ORDER BY step_execution_id""",
				Long.class, jobExecutionId, seconds(republishAfter));
	}

	/** The refusals of the job execution's queued requests, for the manager to say why they wait. */
	public List<String> refusals(long jobExecutionId) {
		return this.jdbc.queryForList("""
				SELECT DISTINCT last_refusal FROM partition_lease WHERE job_execution_id = ? AND state = 'QUEUED'
				AND last_refusal IS NOT NULL""", String.class, jobExecutionId);
	}

	/** Leases of the run that a live worker holds: running, and renewed in time. */
	@Override
	public int live(long runId) {
		Integer live = this.jdbc.queryForObject("""
				SELECT COUNT(*) FROM partition_lease WHERE run_id = ? AND state = 'RUNNING' AND lease_until >= now()""",
				Integer.class, runId);
		return (live != null) ? live : 0;
	}

	/**
	 * A restarted manager: the run's expired leases are lost, and its queued requests are given up
	 * (no worker can claim them any more: a request still in the queue is then stale).
	 *
	 * @return how many leases it ended
	 */
	public int abandon(long runId) {
		return this.jdbc.update("""
				UPDATE partition_lease SET state = 'LOST', ended_at = now() WHERE run_id = ?
				AND (state = 'QUEUED' OR (state = 'RUNNING' AND lease_until < now()))""", runId);
	}

	/**
	 * The Batch status of the given step executions, in one query (not a whole job execution read
	 * per look, as Spring Batch's own handler does).
	 */
	public Map<Long, String> stepStatuses(Collection<Long> stepExecutionIds) {
		Map<Long, String> statuses = new HashMap<>();
		if (stepExecutionIds.isEmpty()) {
			return statuses;
		}
		this.jdbc.query(connection -> {
			PreparedStatement statement = connection.prepareStatement(
					"SELECT step_execution_id, status FROM batch_step_execution WHERE step_execution_id = ANY(?)");
			statement.setArray(1, connection.createArrayOf("bigint", stepExecutionIds.toArray()));
			return statement;
		}, rs -> {
			statuses.put(rs.getLong(1), rs.getString(2));
		});
		return statuses;
	}

	/**
	 * Gives up a request no worker has claimed yet (the manager stops).
	 *
	 * @return whether it was still unclaimed
	 */
	public boolean withdraw(long stepExecutionId) {
		return this.jdbc.update("""
				UPDATE partition_lease SET state = 'DONE', ended_at = now()
				WHERE step_execution_id = ? AND state = 'QUEUED'""", stepExecutionId) == 1;
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
