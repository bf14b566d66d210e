package io.ecsmigrator.ledger;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.ecsmigrator.inventory.ImportDefaults;
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

	/**
	 * The role and group of images that name none and were not sent yet: resolved when read, so this
	 * launch's settings apply. A sent image's row holds what was sent ({@link #keepWhatIsSent}).
	 */
	private final ImportDefaults defaults;

	public ImageRepository(JdbcTemplate jdbc, Clock clock, ImportDefaults defaults) {
		this.jdbc = jdbc;
		this.streaming = new JdbcTemplate(jdbc.getDataSource());
		this.streaming.setFetchSize(1000);
		this.clock = clock;
		this.defaults = defaults;
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
				  attempts, updated_at, role_name, resource_group_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)""", images, images.size(),
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
					ps.setString(19, image.attribute(InventoryColumn.ROLE_NAME));
					ps.setString(20, image.attribute(InventoryColumn.RESOURCE_GROUP_ID));
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
		return LineError.join(image.errors().stream().map(LineError::toString).toList());
	}

	private static String hint(PlannedImage image) {
		return image.valid() ? null
				: LineError.join(image.errors().stream().map(LineError::hint).distinct().toList());
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
				  attempts = attempts + ?, updated_at = ?, task_status = COALESCE(?, task_status)
				WHERE run_id = ? AND first_line = ? AND status = ?""", to.name(), change.errorCode(),
				change.message(), change.hint(), change.requestId(), change.imageId(), change.importTaskId(),
				change.attempts(), now, change.taskStatus(), runId, firstLine, from.name());
		if (moved == 1) {
			this.jdbc.update("INSERT INTO image_transition (run_id, first_line, from_status, to_status, error_code, "
					+ "message, request_id, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", runId, firstLine, from.name(),
					to.name(), change.errorCode(), change.message(), change.requestId(), now);
		}
		return moved == 1;
	}

	/**
	 * Keeps the cloud's answer on an image that stays where it is (its retries ran out: it is tried
	 * again later), without a move: its error, hint and request id, and the calls it took.
	 *
	 * @return whether the image was still in {@code status}
	 */
	public boolean note(long runId, int firstLine, ImageStatus status, ImageChange change) {
		Timestamp now = Timestamp.valueOf(LocalDateTime.now(this.clock));
		return this.jdbc.update("""
				UPDATE image SET error_code = ?, error_message = ?, hint = ?, request_id = ?, attempts = attempts + ?,
				  updated_at = ?
				WHERE run_id = ? AND first_line = ? AND status = ?""", change.errorCode(), change.message(),
				change.hint(), change.requestId(), change.attempts(), now, runId, firstLine, status.name()) == 1;
	}

	/**
	 * What preflight learnt beside the status: how the region of the image's buckets was decided,
	 * and warnings the operator should read although the image goes on. {@code null} clears.
	 */
	public void recordPreflightNotes(long runId, int firstLine, String regionCheck, String warnings) {
		this.jdbc.update("UPDATE image SET region_check = ?, warnings = ? WHERE run_id = ? AND first_line = ?",
				regionCheck, warnings, runId, firstLine);
	}

	/**
	 * The next images in a status, in inventory order, with their disks: a reader's page. Paging
	 * by first line keeps each page an index range, whatever the run's size.
	 *
	 * @param afterLine read images whose first line is greater
	 * @param lastLine read images whose first line is at most this
	 */
	public List<ImageRow> page(long runId, ImageStatus status, int afterLine, int lastLine, int limit) {
		return page(runId, status, null, afterLine, lastLine, limit);
	}

	/**
	 * The same page, of one region's images only ({@code region} {@code null}: every region's): what
	 * one region's senders read.
	 */
	public List<ImageRow> page(long runId, ImageStatus status, String region, int afterLine, int lastLine,
			int limit) {
		List<Object> args = new ArrayList<>(List.of(runId, status.name(), afterLine, lastLine));
		if (region != null) {
			args.add(region);
		}
		List<ImageRow> images = this.jdbc.query("""
				SELECT first_line, region, image_name, status, architecture, os_type, platform, description, boot_mode,
				       license_type, tags, image_id, role_name, resource_group_id
				FROM image WHERE run_id = ? AND status = ? AND first_line > ? AND first_line <= ?%s
				ORDER BY run_id, first_line FETCH FIRST %d ROWS ONLY""".formatted(
				(region != null) ? " AND region = ?" : "", limit),
				(rs, n) -> new ImageRow(runId, rs.getInt("first_line"), rs.getString("region"),
						rs.getString("image_name"), ImageStatus.valueOf(rs.getString("status")),
						rs.getString("architecture"), rs.getString("os_type"), rs.getString("platform"),
						rs.getString("description"), rs.getString("boot_mode"), rs.getString("license_type"),
						rs.getString("tags"), rs.getString("image_id"), List.of(), role(rs.getString("role_name")),
						ownRole(rs.getString("role_name")), group(rs.getString("resource_group_id"))),
				args.toArray());
		if (images.isEmpty()) {
			return images;
		}
		Map<Integer, List<ImageRow.Disk>> disks = new HashMap<>();
		this.jdbc.query("""
				SELECT image_line, line_no, disk_index, oss_bucket, oss_object, format, disk_size_gib FROM disk
				WHERE run_id = ? AND image_line >= ? AND image_line <= ? ORDER BY run_id, image_line, disk_index""",
				rs -> {
					disks.computeIfAbsent(rs.getInt("image_line"), k -> new ArrayList<>())
						.add(new ImageRow.Disk(rs.getInt("line_no"), rs.getInt("disk_index"), rs.getString("oss_bucket"),
								rs.getString("oss_object"), rs.getString("format"),
								rs.getObject("disk_size_gib", Integer.class)));
				}, runId, images.get(0).firstLine(), images.get(images.size() - 1).firstLine());
		return images.stream()
			.map(i -> new ImageRow(i.runId(), i.firstLine(), i.region(), i.name(), i.status(), i.architecture(),
					i.osType(), i.platform(), i.description(), i.bootMode(), i.licenseType(), i.tags(), i.imageId(),
					disks.getOrDefault(i.firstLine(), List.of()), i.roleName(), i.ownRole(), i.resourceGroupId()))
			.toList();
	}

	/** An image's import role: its own ({@code role_name}), else {@code migrator.import.role-name}. */
	private String role(String own) {
		return (own != null) ? own : this.defaults.roleName();
	}

	/** Whether the image names a role of its own, other than the run's. */
	private boolean ownRole(String own) {
		return own != null && !own.equals(this.defaults.roleName());
	}

	/**
	 * An image's resource group: its own, else {@code migrator.import.resource-group-id}, else none.
	 * {@value #NO_GROUP_SENT} is an image sent without a group (see {@link #keepWhatIsSent}).
	 */
	private String group(String own) {
		if (NO_GROUP_SENT.equals(own)) {
			return null;
		}
		return (own != null) ? own : this.defaults.resourceGroupOrNull();
	}

	/** Stored in {@code resource_group_id} for an image sent without a group: not NULL, which means "the setting". */
	static final String NO_GROUP_SENT = "";

	/**
	 * Writes the role and group an image's ImportImage carries into its row, with the intent
	 * ({@code SUBMITTING}) and in its transaction: from then on the report and a resend after
	 * reconciliation use what was sent, whatever a later launch's {@code migrator.import.*} says.
	 * Before that the row keeps the inventory's values (NULL: the setting, resolved when read).
	 */
	public void keepWhatIsSent(long runId, int firstLine, String roleName, String resourceGroupId) {
		this.jdbc.update("UPDATE image SET role_name = ?, resource_group_id = ? WHERE run_id = ? AND first_line = ?",
				roleName, (resourceGroupId != null) ? resourceGroupId : NO_GROUP_SENT, runId, firstLine);
	}

	/**
	 * The distinct import roles of the run's {@code PLANNED} images, each once: the roles preflight's
	 * role check asks RAM about. An image without {@code role_name} uses the run's role.
	 */
	public List<String> plannedRoles(long runId) {
		return this.jdbc.queryForList("SELECT DISTINCT COALESCE(role_name, ?) AS role FROM image WHERE run_id = ? "
				+ "AND status = ? ORDER BY role", String.class, this.defaults.roleName(), runId,
				ImageStatus.PLANNED.name());
	}

	/**
	 * Whether an image checked but not yet sent ({@code VERIFIED}, {@code DEFERRED}) uses an import
	 * role: a later launch's role check asks RAM about a changed {@code migrator.import.role-name}.
	 */
	public boolean awaitsSubmitWithRole(long runId, String role) {
		Integer found = this.jdbc.queryForObject("SELECT COUNT(*) FROM image WHERE run_id = ? AND status IN (?, ?) "
				+ "AND COALESCE(role_name, ?) = ?", Integer.class, runId, ImageStatus.VERIFIED.name(),
				ImageStatus.DEFERRED.name(), this.defaults.roleName(), role);
		return found != null && found > 0;
	}

	/** The first lines of the run's {@code PLANNED} images that use an import role, in inventory order. */
	public List<Integer> plannedWithRole(long runId, String role) {
		return this.jdbc.queryForList("SELECT first_line FROM image WHERE run_id = ? AND status = ? "
				+ "AND COALESCE(role_name, ?) = ? ORDER BY run_id, first_line", Integer.class, runId,
				ImageStatus.PLANNED.name(), this.defaults.roleName(), role);
	}

	/** The regions of the run's images that may be imported (all but {@code INVALID} ones), in order. */
	public List<String> regions(long runId) {
		return this.jdbc.queryForList("SELECT DISTINCT region FROM image WHERE run_id = ? AND status <> ? "
				+ "ORDER BY region", String.class, runId, ImageStatus.INVALID.name());
	}

	/** Whether any of the run's images is in the status. */
	public boolean any(long runId, ImageStatus status) {
		return !this.jdbc.queryForList("SELECT first_line FROM image WHERE run_id = ? AND status = ? "
				+ "FETCH FIRST 1 ROWS ONLY", Integer.class, runId, status.name()).isEmpty();
	}

	/**
	 * The lowest and highest first line of the run's images, whatever their status, or {@code null}
	 * if it has none. It does not change as images move on, so ranges cut from it are the same each
	 * time they are cut.
	 */
	public int[] firstLineRange(long runId) {
		return this.jdbc.query("SELECT MIN(first_line) AS lo, MAX(first_line) AS hi FROM image WHERE run_id = ?",
				rs -> {
					rs.next();
					int lo = rs.getInt("lo");
					return rs.wasNull() ? null : new int[] { lo, rs.getInt("hi") };
				}, runId);
	}

	/** What preflight read of a disk's object: its size, its real format and its virtual size. */
	public void recordDiskFindings(long runId, List<DiskFinding> findings) {
		this.jdbc.batchUpdate("UPDATE disk SET object_size_bytes = ?, detected_format = ?, virtual_size_bytes = ? "
				+ "WHERE run_id = ? AND line_no = ?", findings, findings.size(), (ps, finding) -> {
					ps.setLong(1, finding.objectSize());
					ps.setString(2, finding.detectedFormat());
					ps.setLong(3, finding.virtualSize());
					ps.setLong(4, runId);
					ps.setInt(5, finding.lineNo());
				});
	}

	/**
	 * Moves every image of a run in one status to another, each move kept in its history: deferred
	 * images go back to {@code VERIFIED} when a run is started again.
	 *
	 * @return how many images moved
	 */
	@Transactional
	public int moveAll(long runId, ImageStatus from, ImageStatus to, String why) {
		if (!from.canMoveTo(to)) {
			throw new IllegalStateException("an image cannot go from " + from + " to " + to);
		}
		Timestamp now = Timestamp.valueOf(LocalDateTime.now(this.clock));
		this.jdbc.update("INSERT INTO image_transition (run_id, first_line, from_status, to_status, message, changed_at) "
				+ "SELECT run_id, first_line, status, ?, ?, ? FROM image WHERE run_id = ? AND status = ?", to.name(), why,
				now, runId, from.name());
		return this.jdbc.update("UPDATE image SET status = ?, updated_at = ? WHERE run_id = ? AND status = ?", to.name(),
				now, runId, from.name());
	}

	/**
	 * The run's accepted imports that have not ended, by region then inventory order. An image's
	 * {@code updated_at} is when it became {@code SUBMITTED}: nothing moves it while it stays there.
	 */
	public List<InFlightImage> submitted(long runId) {
		return this.jdbc.query("SELECT first_line, region, image_name, image_id, import_task_id, updated_at FROM image "
				+ "WHERE run_id = ? AND status = ? ORDER BY region, first_line",
				(rs, n) -> new InFlightImage(runId, rs.getInt("first_line"), rs.getString("region"),
						rs.getString("image_name"), rs.getString("image_id"), rs.getString("import_task_id"),
						rs.getTimestamp("updated_at").toLocalDateTime()),
				runId, ImageStatus.SUBMITTED.name());
	}

	/**
	 * ImportImage calls the cloud saw for an image, every attempt of every launch as the call audit
	 * kept it (each attempt commits on its own), less those its {@code attempts} already counts: what
	 * an adoption adds, so that {@code attempts} is the true count.
	 */
	public int uncountedImportCalls(long runId, int firstLine) {
		Integer calls = this.jdbc.queryForObject("""
				SELECT (SELECT COUNT(*) FROM cloud_call c WHERE c.run_id = i.run_id AND c.image_line = i.first_line
				          AND c.action = 'ImportImage') - i.attempts
				FROM image i WHERE i.run_id = ? AND i.first_line = ?""", Integer.class, runId, firstLine);
		return (calls != null) ? Math.max(0, calls) : 0;
	}

	/** Why a status holds images: each error code there with its hint, most frequent first. */
	public Map<String, String> reasons(long runId, ImageStatus status) {
		Map<String, String> reasons = new LinkedHashMap<>();
		this.jdbc.query("SELECT error_code, MIN(hint) AS hint, COUNT(*) AS n FROM image WHERE run_id = ? AND status = ? "
				+ "AND error_code IS NOT NULL GROUP BY error_code ORDER BY n DESC, error_code", rs -> {
					reasons.put(rs.getString("error_code"), rs.getString("hint"));
				}, runId, status.name());
		return reasons;
	}

	/** Images asked for or importing, by region: what {@code status} shows of a run in progress. */
	public Map<String, Long> inFlightByRegion(long runId) {
		Map<String, Long> counts = new TreeMap<>();
		// the statuses come from ImageStatus.inFlight, so the SQL cannot drift from the status machine
		List<ImageStatus> inFlight = Arrays.stream(ImageStatus.values()).filter(ImageStatus::inFlight).toList();
		String marks = String.join(", ", Collections.nCopies(inFlight.size(), "?"));
		List<Object> args = new ArrayList<>();
		args.add(runId);
		inFlight.forEach(status -> args.add(status.name()));
		this.jdbc.query("SELECT region, COUNT(*) AS n FROM image WHERE run_id = ? AND status IN (" + marks
				+ ") GROUP BY region", rs -> {
					counts.put(rs.getString("region"), rs.getLong("n"));
				}, args.toArray());
		return counts;
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

	/**
	 * The first images with an error message, in inventory order. An image imported before is left
	 * out: its message is a note, not an error.
	 */
	public List<ImageMessage> firstErrors(long runId, int limit) {
		return messages("error_message IS NOT NULL AND status <> 'ALREADY_IMPORTED'", limit, runId);
	}

	/** The first images in a status, in inventory order. */
	public List<ImageMessage> first(long runId, ImageStatus status, int limit) {
		return messages("status = ?", limit, runId, status.name());
	}

	private List<ImageMessage> messages(String condition, int limit, Object... args) {
		return this.jdbc.query("SELECT first_line, lines, image_name, region, status, image_id, error_code, "
				+ "error_message FROM image WHERE run_id = ? AND " + condition + " ORDER BY run_id, first_line "
				+ "FETCH FIRST " + limit + " ROWS ONLY",
				(rs, n) -> new ImageMessage(rs.getInt("first_line"), rs.getString("lines"), rs.getString("image_name"),
						rs.getString("region"), ImageStatus.valueOf(rs.getString("status")), rs.getString("image_id"),
						rs.getString("error_code"), rs.getString("error_message")),
				args);
	}

	/** Streams the run's images in inventory order, without holding them all in memory. */
	@Transactional(readOnly = true)
	public void forEachOutcome(long runId, Consumer<ImageOutcome> consumer) {
		this.streaming.query("""
				SELECT image_name, region, lines, status, image_id, import_task_id, error_code, error_message, hint,
				       attempts, request_id, updated_at, task_status, region_check, warnings, role_name, resource_group_id
				FROM image WHERE run_id = ? ORDER BY run_id, first_line""", rs -> {
			consumer.accept(new ImageOutcome(rs.getString("image_name"), rs.getString("region"), rs.getString("lines"),
					ImageStatus.valueOf(rs.getString("status")), rs.getString("image_id"),
					rs.getString("import_task_id"), rs.getString("error_code"), rs.getString("error_message"),
					rs.getString("hint"), rs.getInt("attempts"), rs.getString("request_id"),
					rs.getTimestamp("updated_at").toLocalDateTime(), rs.getString("task_status"),
					rs.getString("region_check"), rs.getString("warnings"), role(rs.getString("role_name")),
					group(rs.getString("resource_group_id"))));
		}, runId);
	}

}
