package io.ecsmigrator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.http.HttpClientConfig;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.ecsmigrator.cloud.ErrorClassifier;
import io.ecsmigrator.cloud.Retrier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package structure of {@code docs/architecture.md}, checked on the compiled classes of
 * {@code src/main/java}: its table of allowed dependencies (read from the document itself, so the
 * two cannot drift apart), no package cycles, and the SDK rule.
 */
class ArchitectureTests {

	private static final String ROOT = "io.ecsmigrator";

	private static final Path DOCUMENT = Path.of("docs/architecture.md");

	private static final JavaClasses PRODUCT = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	private static final Map<String, Set<String>> ALLOWED = allowedDependencies();

	@Test
	void everyPackageHasItsRowInTheTable() {
		Set<String> packages = PRODUCT.stream()
			.map(JavaClass::getPackageName)
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(ALLOWED.keySet()).as("the packages of docs/architecture.md's table").isEqualTo(packages);
	}

	@Test
	void packagesDependOnlyOnWhatTheTableAllows() {
		classes().should(dependOnlyOnAllowedPackages()).check(PRODUCT);
	}

	@Test
	void noPackageCycles() {
		slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(PRODUCT);
	}

	@Test
	void theTableKeepsTheRulesTheDesignNeeds() {
		assertThat(ALLOWED.get(ROOT + ".sandbox")).as("the sandbox imports nothing of the product").isEmpty();
		assertThat(ALLOWED.get(ROOT + ".preflight")).doesNotContain(ROOT + ".submit");
		assertThat(ALLOWED.get(ROOT + ".job")).as("the jobs take their steps by name")
			.doesNotContain(ROOT + ".inventory.batch", ROOT + ".preflight", ROOT + ".submit", ROOT + ".track");
		assertThat(ALLOWED.get(ROOT + ".cloud")).isEmpty();
		ALLOWED.forEach((from, to) -> {
			if (!from.equals(ROOT + ".cli")) {
				assertThat(to).as("%s may not use the sandbox", from).doesNotContain(ROOT + ".sandbox");
			}
		});
	}

	/**
	 * Only {@code cloud} creates SDK clients, signs, classifies errors and retries; the features
	 * build requests, send them through the clients {@code cloud} gives them, and read responses.
	 */
	@Test
	void onlyCloudCreatesSdkClientsSignsClassifiesErrorsAndRetries() {
		noClasses().that()
			.resideOutsideOfPackage(ROOT + ".cloud")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.aliyuncs.auth..", "com.aliyuncs.profile..", "com.aliyuncs.policy..",
					"com.aliyun.oss.common.auth..")
			.orShould()
			.dependOnClassesThat()
			.belongToAnyOf(OSSClientBuilder.class, ClientBuilderConfiguration.class, SignVersion.class,
					HttpClientConfig.class)
			.orShould()
			.callConstructorWhere(target(owner(assignableTo(IAcsClient.class))))
			.orShould()
			.callConstructorWhere(target(owner(assignableTo(OSS.class))))
			.orShould()
			.callMethodWhere(target(name("classify")).and(target(owner(type(ErrorClassifier.class)))))
			.orShould()
			.callConstructorWhere(target(owner(type(Retrier.class))))
			.orShould()
			.callMethodWhere(target(name("standard")).and(target(owner(type(Retrier.class)))))
			.check(PRODUCT);
	}

	private static ArchCondition<JavaClass> dependOnlyOnAllowedPackages() {
		return new ArchCondition<>("depend only on the packages that docs/architecture.md allows") {

			@Override
			public void check(JavaClass origin, ConditionEvents events) {
				String from = origin.getPackageName();
				Set<String> allowed = ALLOWED.getOrDefault(from, Set.of());
				for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
					String to = dependency.getTargetClass().getBaseComponentType().getPackageName();
					boolean product = to.equals(ROOT) || to.startsWith(ROOT + ".");
					if (product && !to.equals(from) && !allowed.contains(to)) {
						events.add(SimpleConditionEvent.violated(dependency,
								"%s -> %s is not in the table: %s".formatted(from, to, dependency.getDescription())));
					}
				}
			}

		};
	}

	/**
	 * The table of the document's "Packages and their allowed dependencies": each row's first cell
	 * is a package, its last the packages it may depend on ({@code —} for none).
	 */
	private static Map<String, Set<String>> allowedDependencies() {
		List<String> lines;
		try {
			lines = Files.readAllLines(DOCUMENT, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read " + DOCUMENT.toAbsolutePath(), ex);
		}
		int start = lines.indexOf("## Packages and their allowed dependencies");
		assertThat(start).as("the section of %s", DOCUMENT).isNotNegative();
		Pattern name = Pattern.compile("`([a-z.]+)`");
		Map<String, Set<String>> allowed = new TreeMap<>();
		for (String line : lines.subList(start + 1, lines.size())) {
			if (line.startsWith("## ")) {
				break;
			}
			if (!line.startsWith("| `")) {
				continue;
			}
			String[] cells = line.split("\\|");
			Matcher from = name.matcher(cells[1]);
			assertThat(from.find()).as(line).isTrue();
			Set<String> to = new TreeSet<>();
			Matcher names = name.matcher(cells[cells.length - 1]);
			while (names.find()) {
				to.add(qualified(names.group(1)));
			}
			allowed.put(qualified(from.group(1)), to);
		}
		assertThat(allowed).as("the rows of the table").isNotEmpty();
		return allowed;
	}

	private static String qualified(String name) {
		return name.equals(ROOT) ? ROOT : ROOT + "." + name;
	}

}
