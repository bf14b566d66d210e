package io.ecsmigrator.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The ledger's own id, written once by the first process that asks for it. Every partition request
 * of the distributed mode carries it, so that a worker pointed at another ledger refuses the
 * request instead of running a step execution id that means something else there.
 */
@Repository
public class LedgerIdentity {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private volatile String id;

	public LedgerIdentity(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The id, created on first use; two processes racing to create it read the winner's. */
	public String id() {
		String known = this.id;
		if (known != null) {
			return known;
		}
		List<String> stored = read();
		if (stored.isEmpty()) {
			try {
				this.jdbc.update("INSERT INTO ledger_identity (singleton, ledger_id, created_at) VALUES (1, ?, ?)",
						UUID.randomUUID().toString(), Timestamp.valueOf(LocalDateTime.now(this.clock)));
			}
			catch (DuplicateKeyException ex) {
				// another process wrote it first: its id is the ledger's
			}
			stored = read();
		}
		this.id = stored.get(0);
		return this.id;
	}

	private List<String> read() {
		return this.jdbc.queryForList("SELECT ledger_id FROM ledger_identity WHERE singleton = 1", String.class);
	}

}
