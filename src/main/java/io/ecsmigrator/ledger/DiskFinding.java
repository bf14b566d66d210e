package io.ecsmigrator.ledger;

/**
 * A disk as preflight found its object: its size, its real format and its virtual size, kept on
 * the disk's ledger row.
 */
public record DiskFinding(int lineNo, long objectSize, String detectedFormat, long virtualSize) {
}
