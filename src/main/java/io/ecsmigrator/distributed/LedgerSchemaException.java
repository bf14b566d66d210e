package io.ecsmigrator.distributed;

/** A worker's ledger is not at the schema this worker's migrator needs: it never upgrades it. */
public class LedgerSchemaException extends RuntimeException {

	LedgerSchemaException(String message) {
		super(message);
	}

}
