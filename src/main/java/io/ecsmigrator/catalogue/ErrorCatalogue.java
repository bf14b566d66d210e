package io.ecsmigrator.catalogue;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.ecsmigrator.cloud.CloudErrorCodes;
import io.ecsmigrator.cloud.CloudFailure;
import io.ecsmigrator.cloud.ErrorClass;
import io.ecsmigrator.inventory.ErrorCodes;
import io.ecsmigrator.inventory.Hints;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

/**
 * The one catalogue of error codes and operator hints. The codes are Java constants: the offline
 * ones in {@link ErrorCodes}, the cloud's in {@link CloudErrorCodes} (each spelled once); what the
 * run does about a code is {@code cloud.ErrorClassifier}'s, in code. The hint of each code is text
 * in {@code messages.properties}, read through Spring's {@link MessageSource} (Boot configures it
 * from {@code spring.messages.*}), keyed by the code, {@code <code>/<variant>} for one case of it,
 * or {@code ErrorClass.<CLASS>} for a code the migrator does not know.
 * <p>
 * The report and the console are in English whatever the machine's locale: hints are read for
 * {@link #REPORT_LOCALE}, {@link Locale#ROOT}, which is {@code messages.properties} itself and never
 * falls back to the system's locale. A translation is only a bundle ({@code messages_zh_CN.properties}
 * with the same keys) and a catalogue made for its locale.
 */
@Component
public class ErrorCatalogue implements Hints {

	/** The language of the report and the console: the base bundle, English. */
	public static final Locale REPORT_LOCALE = Locale.ROOT;

	/** The bundle's name, as {@code spring.messages.basename} gives it by default. */
	public static final String BUNDLE = "messages";

	private final MessageSource messages;

	private final Locale locale;

	@Autowired
	public ErrorCatalogue(MessageSource messages) {
		this(messages, REPORT_LOCALE);
	}

	public ErrorCatalogue(MessageSource messages, Locale locale) {
		this.messages = messages;
		this.locale = locale;
	}

	/** The catalogue outside a Spring context (tests, tools): the same bundle, in English. */
	public static ErrorCatalogue english() {
		return new ErrorCatalogue(bundle());
	}

	/** The bundle as Spring Boot reads it: UTF-8, no fallback to the system's locale. */
	public static MessageSource bundle() {
		ResourceBundleMessageSource source = new ResourceBundleMessageSource();
		source.setBasename(BUNDLE);
		source.setDefaultEncoding(StandardCharsets.UTF_8.name());
		source.setFallbackToSystemLocale(false);
		return source;
	}

	/** Every code the migrator knows, offline and in the cloud, in code order. */
	public static Set<String> codes() {
		Set<String> codes = new TreeSet<>(ErrorCodes.ALL);
		codes.addAll(CloudErrorCodes.ALL);
		return Collections.unmodifiableSet(codes);
	}

	/** The keys of the hints of codes the migrator does not know, one per class. */
	public static Set<String> classKeys() {
		Set<String> keys = new TreeSet<>();
		for (ErrorClass errorClass : ErrorClass.values()) {
			keys.add(io.ecsmigrator.cloud.ErrorClassifier.defaultHintKey(errorClass));
		}
		return Collections.unmodifiableSet(keys);
	}

	/**
	 * @param key a code, {@code <code>/<variant>}, or {@code ErrorClass.<CLASS>}
	 * @throws org.springframework.context.NoSuchMessageException for a key without a hint
	 */
	@Override
	public String hint(String key, Object... args) {
		return this.messages.getMessage(key, args, this.locale);
	}

	/** The hint the classifier chose for a failed cloud call. */
	public String hint(CloudFailure failure) {
		return hint(failure.hintKey());
	}

}
