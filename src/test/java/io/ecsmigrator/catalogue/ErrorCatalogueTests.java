package io.ecsmigrator.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.aliyuncs.exceptions.ServerException;
import io.ecsmigrator.cloud.CloudErrorCodes;
import io.ecsmigrator.cloud.CloudFailure;
import io.ecsmigrator.cloud.ErrorClass;
import io.ecsmigrator.cloud.ErrorClassifier;
import io.ecsmigrator.inventory.ErrorCodes;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.ResourceBundleMessageSource;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorCatalogueTests {

	private final ErrorCatalogue catalogue = ErrorCatalogue.english();

	@Test
	void listsEveryOfflineAndCloudCode() {
		assertThat(ErrorCatalogue.codes()).containsAll(ErrorCodes.ALL)
			.containsAll(CloudErrorCodes.ALL)
			.contains("Inventory.TooManyTags", "InvalidImageName.Duplicated", "QuotaExceed.Image",
					"NoSetRoletoECSServiceAcount", "EntityNotExist.Role", "InvalidTaskId.IncorrectTaskStatus",
					"InvalidTaskId.NotFound", "Image.CreateFailed", "InvalidTimeStamp.Expired", "SDK.BadResponseFormat",
					"UserNotInTheWhiteList", "InvalidObjectState", "NoPermission")
			.doesNotContain(CloudErrorCodes.THROTTLING_PREFIX);
		assertThat(this.catalogue.hint(CloudErrorCodes.NO_IMPORT_ROLE_CUSTOM_HINT, "Ops"))
			.as("the hint preflight and submit give for a named role").contains("create the RAM role Ops");
		assertThat(ErrorCodes.IMAGE_NAME_DUPLICATED).as("a code both speak is spelled once")
			.isSameAs(CloudErrorCodes.IMAGE_NAME_DUPLICATED);
	}

	@Test
	void everyCodeAndEveryClassHasAHintInTheBundle() throws IOException {
		Set<String> keys = bundleKeys();
		Set<String> missing = new TreeSet<>(ErrorCatalogue.codes());
		missing.addAll(ErrorCatalogue.classKeys());
		missing.removeAll(keys);
		assertThat(missing).as("codes without a hint in messages.properties").isEmpty();
		ErrorCatalogue.codes().forEach(code -> assertThat(this.catalogue.hint(code)).as(code).isNotBlank());
	}

	@Test
	void everyTextThatIsNoCodesHintIsInTheBundle() throws IOException {
		assertThat(bundleKeys()).containsAll(TextKeys.ALL);
		assertThat(TextKeys.ALL).as("each disk problem has its fix").containsAll(
				TextKeys.DISK_HEADER.stream().map(key -> key + TextKeys.FIX).toList());
		assertThat(this.catalogue.hint(TextKeys.QUOTA_CENTER_UNREADABLE, "NoPermission: denied"))
			.startsWith("Quota Center could not be read (NoPermission: denied)");
	}

	@Test
	void theBundleHasNoKeyForNoCode() throws IOException {
		Set<String> known = new TreeSet<>(ErrorCatalogue.codes());
		known.addAll(ErrorCatalogue.classKeys());
		Set<String> stray = new TreeSet<>();
		for (String key : bundleKeys()) {
			if (TextKeys.ALL.contains(key)) {
				continue;
			}
			int variant = key.indexOf('/');
			if (!known.contains((variant < 0) ? key : key.substring(0, variant))) {
				stray.add(key);
			}
		}
		assertThat(stray).as("keys of messages.properties that are no code's").isEmpty();
	}

	/**
	 * Every code the README's table of cloud errors names is a constant with a hint of its own, so a
	 * code added to the classifier and the table cannot fall back to its class's hint unnoticed.
	 */
	@Test
	void everyCodeOfTheReadmesErrorTableHasItsOwnHint() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
		int start = lines.indexOf("### How cloud errors are handled");
		assertThat(start).as("README section").isPositive();
		Pattern code = Pattern.compile("`([A-Za-z][A-Za-z0-9.]*)`");
		Set<String> named = new TreeSet<>();
		for (String line : lines.subList(start + 1, lines.size())) {
			if (line.startsWith("#")) {
				break;
			}
			if (line.startsWith("| ") && !line.startsWith("| code")) {
				Matcher m = code.matcher(line.split("\\|")[1]);
				while (m.find()) {
					if (!m.group(1).startsWith(CloudErrorCodes.THROTTLING_PREFIX)) {
						named.add(m.group(1));
					}
				}
			}
		}
		assertThat(named).contains("RequestTimeTooSkewed", "AccessForbidden", "PermanentRedirect");
		assertThat(CloudErrorCodes.ALL).as("codes of the README's table that CloudErrorCodes lacks")
			.containsAll(named);
	}

	@Test
	void aServerErrorToImportImageIsLookedUpBeforeAnythingIsSentAgain() {
		ServerException internal = new ServerException("InternalError", "The request processing has failed.", "R-1");
		CloudFailure asWrite = ErrorClassifier.classify(internal, false);
		assertThat(asWrite.errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
		assertThat(this.catalogue.hint(asWrite)).contains("looked up before anything is sent again");
		assertThat(this.catalogue.hint(ErrorClassifier.classify(internal, true))).contains("it is retried");
	}

	@Test
	void hintsQuoteTheirArguments() {
		assertThat(this.catalogue.hint(CloudErrorCodes.OSS_BUCKET_NOT_FOUND + "/other-region", "cn-hangzhou",
				"cn-shanghai"))
			.isEqualTo("ImportImage reads only from a bucket of the image's region: copy the file to a bucket in "
					+ "cn-hangzhou, or import the image into cn-shanghai");
		assertThat(this.catalogue.hint(ErrorCodes.INCONSISTENT_IMAGE, "os_type")).startsWith("give os_type once");
	}

	@Test
	void aFailureOfAnUnknownCodeGetsTheHintOfItsClass() {
		CloudFailure unknown = new CloudFailure(ErrorClass.REGION, "Some.NewCode", "m", null, null,
				io.ecsmigrator.cloud.ErrorClassifier.hintKey("Some.NewCode", ErrorClass.REGION));
		assertThat(this.catalogue.hint(unknown)).isEqualTo("choose another region for these images");
	}

	/**
	 * A translation is a bundle and nothing else; the report stays English whatever the machine's
	 * locale, even with Spring's default fallback to the system locale.
	 */
	@Test
	void aTranslationIsOnlyABundleAndTheMachineLocaleCannotChangeTheReport() {
		ResourceBundleMessageSource source = new ResourceBundleMessageSource();
		source.setBasename("translation-test/messages");
		source.setDefaultEncoding("UTF-8");
		source.setFallbackToSystemLocale(true);
		Locale machine = Locale.getDefault();
		try {
			Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
			assertThat(new ErrorCatalogue(source).hint(CloudErrorCodes.QUOTA_IMAGE)).isEqualTo("raise the quota");
			assertThat(ErrorCatalogue.english().hint(CloudErrorCodes.QUOTA_IMAGE)).startsWith("raise the region's");
			assertThat(new ErrorCatalogue(source, Locale.SIMPLIFIED_CHINESE).hint(CloudErrorCodes.QUOTA_IMAGE))
				.isEqualTo("\u63d0\u9ad8\u914d\u989d");
		}
		finally {
			Locale.setDefault(machine);
		}
	}

	private static Set<String> bundleKeys() throws IOException {
		Properties properties = new Properties();
		try (InputStream in = ErrorCatalogueTests.class.getResourceAsStream("/messages.properties")) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return new TreeSet<>(properties.stringPropertyNames());
	}

}
