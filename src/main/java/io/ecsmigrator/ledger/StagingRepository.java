package io.ecsmigrator.ledger;

import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.ecsmigrator.inventory.InventoryColumn;
import io.ecsmigrator.inventory.LineError;
import io.ecsmigrator.inventory.StagedLine;

import org.springframework.jdbc.core.ConnectionCallback;
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

	private final boolean postgres;

	public StagingRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.postgres = Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) LedgerDatabase::isPostgres));
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

	/**
	 * The next lines after the group {@code afterKey} (exclusive; {@code ""} from the start), in
	 * group order, with their errors: at most {@code limit} lines, and the last group may be cut.
	 * A range scan of the (run, group key, line) index, so a page costs the same wherever it is.
	 */
	public List<StagedLine> linesAfterGroup(long runId, String afterKey, int limit) {
		// run_id leads the ORDER BY so that H2, too, walks the index instead of sorting the range
		return lines("group_key > ? ORDER BY run_id, group_key, line_no FETCH FIRST " + limit + " ROWS ONLY", runId,
				afterKey);
	}

	/** Every line of one group, with their errors. */
	public List<StagedLine> linesOfGroup(long runId, String groupKey) {
		return lines("group_key = ? ORDER BY run_id, group_key, line_no", runId, groupKey);
	}

	private record Row(int lineNo, String groupKey, Map<InventoryColumn, String> values, int errorCount) {
	}

	private List<StagedLine> lines(String condition, long runId, String key) {
		List<Row> rows = this.jdbc.query("SELECT line_no, group_key, error_count, " + COLUMNS
				+ " FROM inventory_line WHERE run_id = ? AND " + condition, (rs, i) -> {
					Map<InventoryColumn, String> values = new EnumMap<>(InventoryColumn.class);
					for (InventoryColumn column : InventoryColumn.values()) {
						values.put(column, rs.getString(column.header()));
					}
					return new Row(rs.getInt("line_no"), rs.getString("group_key"), values, rs.getInt("error_count"));
				}, runId, key);
		Map<Integer, List<LineError>> errors = errorsOf(runId,
				rows.stream().filter(row -> row.errorCount() > 0).map(Row::lineNo).toList());
		return rows.stream()
			.map(row -> new StagedLine(row.lineNo(), row.groupKey(), row.values(),
					errors.getOrDefault(row.lineNo(), List.of())))
			.toList();
	}

	/** The errors of the given lines; few lines have any, so they are fetched only for those. */
	private Map<Integer, List<LineError>> errorsOf(long runId, List<Integer> lineNos) {
		Map<Integer, List<LineError>> errors = new HashMap<>();
		if (lineNos.isEmpty()) {
			return errors;
		}
		List<Object> args = new ArrayList<>();
		args.add(runId);
		args.addAll(lineNos);
		this.jdbc.query("SELECT line_no, column_no, column_name, code, message, hint FROM line_error WHERE run_id = ? "
				+ "AND line_no IN (" + String.join(",", Collections.nCopies(lineNos.size(), "?")) + ") "
				+ "ORDER BY line_no, seq", rs -> {
					int columnNo = rs.getInt("column_no");
					Integer column = rs.wasNull() ? null : columnNo;
					errors.computeIfAbsent(rs.getInt("line_no"), k -> new ArrayList<>())
						.add(new LineError(rs.getInt("line_no"), column, rs.getString("column_name"),
								rs.getString("code"), rs.getString("message"), rs.getString("hint")));
				}, args.toArray());
		return errors;
	}

	/**
	 * Brings the planner's statistics up to date with the lines just loaded. PostgreSQL has never
	 * seen a new run's id, so without this it expects a handful of rows and sorts the whole
	 * remaining range for every page instead of walking the index (quadratic on a large inventory).
	 */
	public void refreshStatistics() {
		if (this.postgres) {
			this.jdbc.execute("ANALYZE inventory_line");
		}
	}

	public long countLines(long runId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM inventory_line WHERE run_id = ?", Long.class, runId);
	}

}
