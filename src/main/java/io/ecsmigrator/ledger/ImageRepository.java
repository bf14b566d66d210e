package io.ecsmigrator.ledger;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.ecsmigrator.inventory.InventoryColumn;
import io.ecsmigrator.inventory.LineError;
import io.ecsmigrator.inventory.PlannedDisk;
import io.ecsmigrator.inventory.PlannedImage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Images, their disks and their status history. */
@Repository
public class ImageRepository {

	private final JdbcTemplate jdbc;

	/** Fetches rows in pages: with a transaction, PostgreSQL then streams instead of loading all. */
	private final JdbcTemplate streaming;

	private final Clock clock;

	public ImageRepository(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.streaming = new JdbcTemplate(jdbc.getDataSource());
		this.streaming.setFetchSize(1000);
		this.clock = clock;
	}

	/**
	 * Records planned images as {@code PLANNED} or {@code INVALID}, with the disks of the valid ones.
	 * Their history starts with their first change; the planned status is where every image starts.
	 */
	public void insertPlanned(long runId, List<? extends PlannedImage> images) {
		Timestamp now = Timestamp.valueOf(LocalDateTime.now(this.clock));
		this.jdbc.batchUpdate("""
				INSERT INTO image (run_id, first_line, region, image_name, lines, disk_count, architecture, os_type,
				  platform, description, boot_mode, license_type, tags, status, error_code, error_message, hint,
				  attempts, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)""", images, images.size(),
				(ps, image) -> {
					ps.setLong(1, runId);
					ps.setInt(2, image.firstLine());
					ps.setString(3, image.region());
					ps.setString(4, image.imageName());
					ps.setString(5, image.lines());
					ps.setInt(6, image.diskCount());
					ps.setString(7, image.attribute(InventoryColumn.ARCHITECTURE));
					ps.setString(8, image.attribute(InventoryColumn.OS_TYPE));
					ps.setString(9, image.attribute(InventoryColumn.PLATFORM));
					ps.setString(10, image.attribute(InventoryColumn.DESCRIPTION));
					ps.setString(11, image.attribute(InventoryColumn.BOOT_MODE));
					ps.setString(12, image.attribute(InventoryColumn.LICENSE_TYPE));
					ps.setString(13, image.attribute(InventoryColumn.TAGS));
					ps.setString(14, status(image).name());
					ps.setString(15, errorCode(image));
					ps.setString(16, errorMessage(image));
					ps.setString(17, hint(image));
					ps.setTimestamp(18, now);
				});
		List<Object[]> disks = images.stream()
			.flatMap(image -> image.disks().stream().map(disk -> diskRow(runId, image, disk)))
			.toList();
		this.jdbc.batchUpdate("INSERT INTO disk (run_id, line_no, image_line, disk_index, oss_bucket, oss_object, "
				+ "format, disk_size_gib) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", disks, new int[] { Types.BIGINT,
						Types.INTEGER, Types.INTEGER, Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
						Types.INTEGER });
	}

	private static Object[] diskRow(long runId, PlannedImage image, PlannedDisk disk) {
		return new Object[] { runId, disk.lineNo(), image.firstLine(), disk.diskIndex(), disk.ossBucket(),
				disk.ossObject(), disk.format(), disk.diskSizeGib() };
	}

	private static ImageStatus status(PlannedImage image) {
		return image.valid() ? ImageStatus.PLANNED : ImageStatus.INVALID;
	}

	/** The first error's code: the one to sort and count by. */
	private static String errorCode(PlannedImage image) {
		return image.valid() ? null : image.errors().get(0).code();
	}

	/** Every error of the image, each with where it stands in the file. */
	private static String errorMessage(PlannedImage image) {
		if (image.valid()) {
			return null;
		}
		return image.errors().stream().map(LineError::toString).collect(Collectors.joining(" | "));
	}

	private static String hint(PlannedImage image) {
		return image.valid() ? null
				: image.errors().stream().map(LineError::hint).distinct().collect(Collectors.joining(" | "));
	}

	/**
	 * Moves an image from one status to the next, if the status machine allows it and the image is
	 * still where the caller saw it, and keeps the change in its history with the code, message and
	 * request id that caused it. The check is in the UPDATE itself, so two threads or processes
	 * cannot both move the same image.
	 *
	 * @return whether the image moved; {@code false} if it was no longer in {@code from}
	 * @throws IllegalStateException if the status machine forbids the move
	 */
	public boolean transition(long runId, int firstLine, ImageStatus from, ImageStatus to, ImageChange change) {
		if (!from.canMoveTo(to)) {
			throw new IllegalStateException("an image cannot go from " + from + " to " + to);
		}
		Timestamp now = Timestamp.valueOf(LocalDateTime.now(this.clock));
		int moved = this.jdbc.update("""
				UPDATE image SET status = ?, error_code = ?, error_message = ?, hint = ?, request_id = ?,
				  image_id = COALESCE(?, image_id), import_task_id = COALESCE(?, import_task_id),
				  attempts = attempts + ?, updated_at = ?
				WHERE run_id = ? AND first_line = ? AND status = ?""", to.name(), change.errorCode(),
				change.message(), change.hint(), change.requestId(), change.imageId(), change.importTaskId(),
				change.attempts(), now, runId, firstLine, from.name());
		if (moved == 1) {
			this.jdbc.update("INSERT INTO image_transition (run_id, first_line, from_status, to_status, error_code, "
					+ "message, request_id, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", runId, firstLine, from.name(),
					to.name(), change.errorCode(), change.message(), change.requestId(), now);
		}
		return moved == 1;
	}

	/** Images per status, in the order of the status machine. */
	public Map<ImageStatus, Long> countByStatus(long runId) {
		Map<ImageStatus, Long> counts = new LinkedHashMap<>();
		Map<String, Long> raw = new LinkedHashMap<>();
		this.jdbc.query("SELECT status, COUNT(*) AS n FROM image WHERE run_id = ? GROUP BY status",
				rs -> {
					raw.put(rs.getString("status"), rs.getLong("n"));
				}, runId);
		for (ImageStatus status : ImageStatus.values()) {
			if (raw.containsKey(status.name())) {
				counts.put(status, raw.get(status.name()));
			}
		}
		return counts;
	}

	/** Images per error code, most frequent first. */
	public Map<String, Long> countByErrorCode(long runId) {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.jdbc.query("SELECT error_code, COUNT(*) AS n FROM image WHERE run_id = ? AND error_code IS NOT NULL "
				+ "GROUP BY error_code ORDER BY n DESC, error_code", rs -> {
					counts.put(rs.getString("error_code"), rs.getLong("n"));
				}, runId);
		return counts;
	}

	/** The error messages of the first invalid or failed images, in inventory order. */
	public List<String> firstErrorMessages(long runId, int limit) {
		return this.jdbc.queryForList("SELECT error_message FROM image WHERE run_id = ? AND error_message IS NOT NULL "
				+ "ORDER BY run_id, first_line FETCH FIRST " + limit + " ROWS ONLY", String.class, runId);
	}

	/** Streams the run's images in inventory order, without holding them all in memory. */
	@Transactional(readOnly = true)
	public void forEachOutcome(long runId, Consumer<ImageOutcome> consumer) {
		this.streaming.query("""
				SELECT image_name, region, lines, status, image_id, import_task_id, error_code, error_message, hint,
				       attempts, request_id, updated_at
				FROM image WHERE run_id = ? ORDER BY run_id, first_line""", rs -> {
			consumer.accept(new ImageOutcome(rs.getString("image_name"), rs.getString("region"), rs.getString("lines"),
					ImageStatus.valueOf(rs.getString("status")), rs.getString("image_id"),
					rs.getString("import_task_id"), rs.getString("error_code"), rs.getString("error_message"),
					rs.getString("hint"), rs.getInt("attempts"), rs.getString("request_id"),
					rs.getTimestamp("updated_at").toLocalDateTime()));
		}, runId);
	}

}
