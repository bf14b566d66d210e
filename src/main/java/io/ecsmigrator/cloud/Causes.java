package io.ecsmigrator.cloud;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The one walk down an exception's causes, for the classifier and the commands alike. A chain
 * that loops back on itself (a cause set to an outer exception) ends where it would repeat.
 */
public final class Causes {

	private Causes() {
	}

	/** The exception and its causes, outermost first. */
	public static List<Throwable> chain(Throwable ex) {
		List<Throwable> chain = new ArrayList<>();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable t = ex; t != null && seen.add(t); t = t.getCause()) {
			chain.add(t);
		}
		return chain;
	}

	/** The outermost exception of the chain that is a {@code type}, or {@code null}. */
	public static <T extends Throwable> T find(Throwable ex, Class<T> type) {
		for (Throwable t : chain(ex)) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

	/** The innermost exception of the chain. */
	public static Throwable root(Throwable ex) {
		List<Throwable> chain = chain(ex);
		return chain.get(chain.size() - 1);
	}

}
