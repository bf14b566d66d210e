package io.ecsmigrator.ledger;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The runs of the ledger. */
@Repository
public class RunRepository {

	private static final String SELECT = """
			SELECT r.run_id, r.job_name, r.inventory_path, r.inventory_sha256, r.created_at,
			       (SELECT e.status FROM batch_job_execution e WHERE e.job_instance_id = r.run_id
			        ORDER BY e.job_execution_id DESC FETCH FIRST 1 ROWS ONLY) AS status
			FROM migration_run r
			""";

	private static final RowMapper<MigrationRun> MAPPER = (rs, i) -> new MigrationRun(rs.getLong("run_id"),
			rs.getString("job_name"), rs.getString("inventory_path"), rs.getString("inventory_sha256"),
			rs.getTimestamp("created_at").toLocalDateTime(), rs.getString("status"));

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public RunRepository(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Records a run the first time its job instance executes; later executions find it there. */
	public void recordIfAbsent(long runId, String jobName, String inventoryPath, String sha256) {
		Integer known = this.jdbc.queryForObject("SELECT COUNT(*) FROM migration_run WHERE run_id = ?",
				Integer.class, runId);
		if (known == 0) {
			this.jdbc.update(
					"INSERT INTO migration_run (run_id, job_name, inventory_path, inventory_sha256, created_at) "
							+ "VALUES (?, ?, ?, ?, ?)",
					runId, jobName, inventoryPath, sha256, LocalDateTime.now(this.clock));
		}
	}

	public Optional<MigrationRun> find(long runId) {
		return this.jdbc.query(SELECT + " WHERE r.run_id = ?", MAPPER, runId).stream().findFirst();
	}

	public Optional<MigrationRun> findLatest() {
		return this.jdbc.query(SELECT + " ORDER BY r.run_id DESC FETCH FIRST 1 ROWS ONLY", MAPPER).stream().findFirst();
	}

	public List<MigrationRun> findAll() {
		return this.jdbc.query(SELECT + " ORDER BY r.run_id", MAPPER);
	}

}
