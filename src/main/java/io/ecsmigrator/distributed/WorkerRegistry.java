package io.ecsmigrator.distributed;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The workers that serve the ledger ({@code migrator_worker}): each says when it started, beats
 * with its leases, and says when it stopped, so that {@code status} can show who is at work.
 */
@Repository
public class WorkerRegistry {

	private final JdbcTemplate jdbc;

	public WorkerRegistry(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A worker as {@code status} shows it; {@code partitions}: leases it holds now. */
	public record SeenWorker(String workerId, String host, long pid, String version, int concurrency,
			Instant heartbeatAt, Instant stoppedAt, int partitions) {
	}

	public void register(WorkerIdentity worker, String version, int concurrency) {
		this.jdbc.update("""
				INSERT INTO migrator_worker (worker_id, host, pid, version, concurrency, started_at, heartbeat_at)
				VALUES (?, ?, ?, ?, ?, now(), now())""", worker.id(), worker.host(), worker.pid(), version, concurrency);
	}

	public void beat(String workerId) {
		this.jdbc.update("UPDATE migrator_worker SET heartbeat_at = now() WHERE worker_id = ?", workerId);
	}

	public void stopped(String workerId) {
		this.jdbc.update("UPDATE migrator_worker SET stopped_at = now() WHERE worker_id = ?", workerId);
	}

	/** The workers that beat within the last {@code seconds}, with the partitions each holds. */
	public List<SeenWorker> seenWithin(long seconds) {
		return this.jdbc.query("""
				SELECT w.worker_id, w.host, w.pid, w.version, w.concurrency, w.heartbeat_at, w.stopped_at,
				    (SELECT COUNT(*) FROM partition_lease l WHERE l.worker_id = w.worker_id AND l.state = 'RUNNING')
				FROM migrator_worker w WHERE w.heartbeat_at >= now() - make_interval(secs => ?)
				ORDER BY w.started_at""",
				(rs, n) -> new SeenWorker(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
						rs.getInt(5), rs.getTimestamp(6).toInstant(),
						(rs.getTimestamp(7) != null) ? rs.getTimestamp(7).toInstant() : null, rs.getInt(8)),
				(double) seconds);
	}

}
