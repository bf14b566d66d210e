package io.ecsmigrator.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;

import io.ecsmigrator.cloud.CallAudit;
import io.ecsmigrator.cloud.CallContext;
import io.ecsmigrator.cloud.CloudFailure;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps every attempt of every cloud call in {@code cloud_call}: what was called, for which run,
 * region and image, with the request id to quote to support, the outcome and the latency. Each
 * row commits in a transaction of its own: the attempt happened whether or not the caller's chunk
 * commits (this takes a second pooled connection while a chunk holds one).
 */
@Repository
public class CloudCallAudit implements CallAudit {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public CloudCallAudit(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void attempted(CallContext context, String action, int attempt, long latencyMillis, String requestId,
			CloudFailure failure) {
		this.jdbc.update("INSERT INTO cloud_call (run_id, image_line, action, region, request_id, http_status, "
				+ "error_code, latency_ms, attempt, called_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", context.runId(),
				context.imageLine(), action, context.region(), requestId,
				(failure != null) ? failure.httpStatus() : Integer.valueOf(200), (failure != null) ? failure.code() : null,
				latencyMillis, attempt, Timestamp.valueOf(LocalDateTime.now(this.clock)));
	}

}
