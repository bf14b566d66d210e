package io.ecsmigrator.ledger;

import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.ecsmigrator.inventory.InventoryColumn;
import io.ecsmigrator.inventory.LineError;
import io.ecsmigrator.inventory.StagedLine;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Staged inventory lines and their errors: what the load step writes and the plan step reads. */
@Repository
public class StagingRepository {

	private static final String COLUMNS = Arrays.stream(InventoryColumn.values())
		.map(InventoryColumn::header)
		.collect(Collectors.joining(", "));

	private static final String INSERT_LINE = "INSERT INTO inventory_line (run_id, line_no, group_key, error_count, "
			+ COLUMNS + ") VALUES (?, ?, ?, ?" + ", ?".repeat(InventoryColumn.values().length) + ")";

	private static final String INSERT_ERROR = "INSERT INTO line_error (run_id, line_no, seq, column_no, column_name, "
			+ "code, message, hint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

	private final JdbcTemplate jdbc;

	public StagingRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(long runId, List<? extends StagedLine> lines) {
		this.jdbc.batchUpdate(INSERT_LINE, lines, lines.size(), (ps, line) -> {
			ps.setLong(1, runId);
			ps.setInt(2, line.lineNo());
			ps.setString(3, line.groupKey());
			ps.setInt(4, line.errors().size());
			int i = 5;
			for (InventoryColumn column : InventoryColumn.values()) {
				ps.setString(i++, line.value(column));
			}
		});
		List<LineError> errors = lines.stream().flatMap(line -> line.errors().stream()).toList();
		Map<Integer, Integer> seq = new HashMap<>();
		this.jdbc.batchUpdate(INSERT_ERROR, errors, errors.size(), (ps, error) -> {
			ps.setLong(1, runId);
			ps.setInt(2, error.lineNo());
			ps.setInt(3, seq.merge(error.lineNo(), 1, Integer::sum));
			if (error.columnNo() != null) {
				ps.setInt(4, error.columnNo());
			}
			else {
				ps.setNull(4, Types.INTEGER);
			}
			ps.setString(5, error.column());
			ps.setString(6, error.code());
			ps.setString(7, error.message());
			ps.setString(8, error.hint());
		});
	}

	/** The next group keys after {@code afterKey} (exclusive; {@code ""} for the first page). */
	public List<String> groupKeysAfter(long runId, String afterKey, int limit) {
		return this.jdbc.queryForList("SELECT DISTINCT group_key FROM inventory_line WHERE run_id = ? AND group_key > ? "
				+ "ORDER BY group_key FETCH FIRST " + limit + " ROWS ONLY", String.class, runId, afterKey);
	}

	/** The lines, with their errors, of the groups from {@code fromKey} to {@code toKey} inclusive. */
	public List<StagedLine> linesOfGroups(long runId, String fromKey, String toKey) {
		Map<Integer, List<LineError>> errors = new HashMap<>();
		this.jdbc.query("""
				SELECT e.line_no, e.column_no, e.column_name, e.code, e.message, e.hint
				FROM line_error e JOIN inventory_line l ON l.run_id = e.run_id AND l.line_no = e.line_no
				WHERE l.run_id = ? AND l.group_key BETWEEN ? AND ? ORDER BY e.line_no, e.seq""", rs -> {
			int columnNo = rs.getInt("column_no");
			Integer column = rs.wasNull() ? null : columnNo;
			errors.computeIfAbsent(rs.getInt("line_no"), k -> new ArrayList<>())
				.add(new LineError(rs.getInt("line_no"), column, rs.getString("column_name"), rs.getString("code"),
						rs.getString("message"), rs.getString("hint")));
		}, runId, fromKey, toKey);
		return this.jdbc.query("SELECT line_no, group_key, " + COLUMNS + " FROM inventory_line "
				+ "WHERE run_id = ? AND group_key BETWEEN ? AND ? ORDER BY group_key, line_no", (rs, i) -> {
					Map<InventoryColumn, String> values = new EnumMap<>(InventoryColumn.class);
					for (InventoryColumn column : InventoryColumn.values()) {
						values.put(column, rs.getString(column.header()));
					}
					int lineNo = rs.getInt("line_no");
					return new StagedLine(lineNo, rs.getString("group_key"), values,
							errors.getOrDefault(lineNo, List.of()));
				}, runId, fromKey, toKey);
	}

	public long countLines(long runId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM inventory_line WHERE run_id = ?", Long.class, runId);
	}

}
