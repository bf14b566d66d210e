package io.ecsmigrator.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The check of a request's own time against the sandbox's clock, when the scenario asks for it.
 * Both APIs refuse a request more than 15 minutes off: RPC {@code InvalidTimeStamp.Expired}
 * (ECS common errors), OSS 403 {@code RequestTimeTooSkewed} (OSS "HTTP 403 errors": "more than
 * 15 minutes").
 */
final class RequestTime {

	static final Duration TOLERANCE = Duration.ofMinutes(15);

	private static final DateTimeFormatter OSS_V4 = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX");

	private final Clock clock;

	private final boolean checked;

	RequestTime(Clock clock, boolean checked) {
		this.clock = clock;
		this.checked = checked;
	}

	/** An RPC call's {@code Timestamp}, {@code yyyy-MM-dd'T'HH:mm:ss'Z'}. */
	void checkRpc(String timestamp) {
		if (!this.checked || timestamp == null) {
			return;
		}
		Instant sent;
		try {
			sent = Instant.parse(timestamp);
		}
		catch (DateTimeParseException ex) {
			throw new CloudError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
		}
		if (off(sent)) {
			throw new CloudError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
		}
	}

	/** An OSS request's {@code x-oss-date} (V4, or V1 from a browser) or {@code Date} (RFC 1123). */
	void checkOss(String ossDate, String date) {
		if (!this.checked) {
			return;
		}
		Instant sent;
		try {
			if (!ossDate.isEmpty() && !ossDate.contains(",")) {
				sent = ZonedDateTime.parse(ossDate, OSS_V4).toInstant();
			}
			else {
				String value = ossDate.isEmpty() ? date : ossDate;
				if (value.isEmpty()) {
					return;
				}
				sent = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			}
		}
		catch (DateTimeParseException ex) {
			throw new CloudError(403, "AccessDenied", "Invalid date format of the request.");
		}
		if (off(sent)) {
			throw new CloudError(403, "RequestTimeTooSkewed",
					"The difference between the request time and the current time is too large.");
		}
	}

	private boolean off(Instant sent) {
		return Duration.between(sent, this.clock.instant()).abs().compareTo(TOLERANCE) > 0;
	}

}
