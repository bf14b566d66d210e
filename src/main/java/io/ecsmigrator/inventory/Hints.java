package io.ecsmigrator.inventory;

/**
 * The operator's hints, as the catalogue ({@code catalogue.ErrorCatalogue}) gives them from
 * {@code messages.properties}: the validator and the planner name a hint by its key and never
 * spell it.
 */
@FunctionalInterface
public interface Hints {

	/**
	 * @param key an error code, or {@code <code>/<variant>} for a hint that depends on the case
	 * @param args the values the hint quotes ({@code {0}}, {@code {1}}…)
	 */
	String hint(String key, Object... args);

}
