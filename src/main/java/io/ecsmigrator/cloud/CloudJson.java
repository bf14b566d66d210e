package io.ecsmigrator.cloud;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one reader of the JSON answers the typed SDK models do not cover (RAM's GetRole, Quota
 * Center's ListProductQuotas, read through {@code CommonRequest}): their field names are the API's
 * own, so a plain mapper, shared.
 */
public final class CloudJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private CloudJson() {
	}

	/**
	 * An answer's tree.
	 *
	 * @throws UnreadableAnswerException when the text is no JSON
	 */
	public static JsonNode read(String answer) {
		try {
			return JSON.readTree(answer);
		}
		catch (JacksonException ex) {
			throw new UnreadableAnswerException(ex);
		}
	}

	/** An answer that is no JSON: its text is not repeated (it may be long, or a gateway's page). */
	public static final class UnreadableAnswerException extends RuntimeException {

		UnreadableAnswerException(JacksonException cause) {
			super("unreadable answer (not JSON)", cause);
		}

	}

}
