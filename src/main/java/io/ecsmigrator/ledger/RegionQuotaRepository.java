package io.ecsmigrator.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The quotas each region of a run was kept within ({@link RegionQuota}), for {@code status}. */
@Repository
public class RegionQuotaRepository {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public RegionQuotaRepository(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Keeps the region's latest quotas (a later launch may read other numbers). */
	public void record(long runId, RegionQuota quota) {
		Timestamp now = Timestamp.valueOf(LocalDateTime.now(this.clock));
		int updated = this.jdbc.update("""
				UPDATE region_quota SET images = ?, images_source = ?, snapshots = ?, snapshots_source = ?, read_at = ?
				WHERE run_id = ? AND region = ?""", quota.images(), quota.imagesSource(), quota.snapshots(),
				quota.snapshotsSource(), now, runId, quota.region());
		if (updated == 0) {
			this.jdbc.update("""
					INSERT INTO region_quota (run_id, region, images, images_source, snapshots, snapshots_source, read_at)
					VALUES (?, ?, ?, ?, ?, ?, ?)""", runId, quota.region(), quota.images(), quota.imagesSource(),
					quota.snapshots(), quota.snapshotsSource(), now);
		}
	}

	public List<RegionQuota> of(long runId) {
		return this.jdbc.query("""
				SELECT region, images, images_source, snapshots, snapshots_source FROM region_quota
				WHERE run_id = ? ORDER BY region""",
				(rs, n) -> new RegionQuota(rs.getString("region"), rs.getLong("images"), rs.getString("images_source"),
						rs.getLong("snapshots"), rs.getString("snapshots_source")),
				runId);
	}

}
