package io.ecsmigrator.inventory;

import java.nio.file.Path;

/**
 * An inventory that has passed the whole-file checks.
 *
 * @param path the absolute, normalised path: with the content hash, the identity of a run
 * @param sha256 hex SHA-256 of the file's bytes
 * @param physicalLines lines in the file, header included, for progress
 */
public record InventoryFile(Path path, String sha256, long physicalLines, InventoryHeader header) {

	public String name() {
		return this.path.getFileName().toString();
	}

}
