package io.ecsmigrator.cloud;

import java.lang.reflect.Method;

/**
 * The request id of an SDK answer. Every ECS and RAM response and every OSS result has a
 * {@code getRequestId()}, but they share no type that declares it.
 */
final class RequestIds {

	private RequestIds() {
	}

	static String of(Object answer) {
		if (answer == null) {
			return null;
		}
		try {
			Method getter = answer.getClass().getMethod("getRequestId");
			Object id = getter.invoke(answer);
			return (id != null) ? id.toString() : null;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null; // an answer without a request id (a value the caller computed)
		}
	}

}
