package io.ecsmigrator.inventory;

/**
 * An inventory file that cannot be read as a whole (missing, not UTF-8, empty, bad header). It is
 * the operator's to fix, so its message is meant for them and no stack trace is shown.
 */
public class InventoryFileException extends RuntimeException {

	public InventoryFileException(String message) {
		super(message);
	}

}
