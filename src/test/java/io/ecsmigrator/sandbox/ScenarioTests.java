package io.ecsmigrator.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTests {

	@TempDir
	Path dir;

	@Test
	void theSampleScenarioLoadsWithItsDefaults() {
		Scenario scenario = Scenario.load(Path.of("jobs/sandbox/sample-wave.yaml"));
		assertThat(scenario.seed()).isEqualTo(42);
		assertThat(scenario.importSeconds()).isEqualTo(5);
		assertThat(scenario.secretOf("testAK")).contains("testSecret");
		assertThat(scenario.region("cn-hangzhou")).hasValueSatisfying(r -> {
			assertThat(r.imageQuota()).isEqualTo(100);
			assertThat(r.existingImages()).isEqualTo(10);
		});
		assertThat(scenario.region("cn-shanghai")).hasValueSatisfying(r -> {
			assertThat(r.importSupported()).isTrue();
			assertThat(r.snapshotQuota()).isEqualTo(1000);
		});
		assertThat(scenario.region("cn-wulanchabu")).hasValueSatisfying(r -> assertThat(r.importSupported()).isFalse());
		assertThat(scenario.faults().rateLimits()).containsEntry("ImportImage", 5).containsEntry("DescribeImages", 20);
		assertThat(scenario.faults().errorRate()).isZero();
		assertThat(scenario.account().role("ImageImportRole-Finance"))
			.hasValueSatisfying(r -> assertThat(r.usableForImport()).isTrue());
		assertThat(scenario.account().resourceGroups()).containsExactly("rg-finance01");
		assertThat(scenario.bucket("dc1-disks-hz").flatMap(b -> b.object("wave1/db-01-data1.raw")))
			.hasValueSatisfying(o -> {
				assertThat(o.kind()).isEqualTo(Scenario.DiskKind.RAW_GPT);
				assertThat(o.virtualGib()).isEqualTo(500);
			});
	}

	@Test
	void theSampleScenarioKeepsTheRealCloudsTroublesOff() {
		Scenario scenario = Scenario.load(Path.of("jobs/sandbox/sample-wave.yaml"));
		assertThat(scenario.listingLagSeconds()).isZero();
		assertThat(scenario.deleteImages()).isEmpty();
		assertThat(scenario.checkTimestamps()).isFalse();
		assertThat(scenario.account().notInWhiteList()).isFalse();
		assertThat(scenario.accessKeys()).allSatisfy(k -> assertThat(k.ramDenied()).isFalse());
		assertThat(scenario.buckets()).allSatisfy(b -> {
			assertThat(b.locationDenied()).isFalse();
			assertThat(b.otherAccount()).isFalse();
			assertThat(b.objects()).allSatisfy(o -> assertThat(o.archived()).isFalse());
		});
		assertThat(scenario.faults().ossBurst().enabled()).isFalse();
		assertThat(scenario.faults().ossBodilessHeadRate()).isZero();
		assertThat(scenario.faults().gatewayErrorRate()).isZero();
		assertThat(scenario.faults().rateWindows()).isEmpty();
	}

	@Test
	void theRealCloudsTroublesAreScenarioFields() throws Exception {
		Path file = Files.writeString(this.dir.resolve("trouble.yaml"), """
				listingLagSeconds: 20
				deleteImages: [{ name: web-02, afterSeconds: 30 }]
				checkTimestamps: true
				clockOffsetSeconds: 1200
				accessKeys: [{ id: ops, secret: s, ramDenied: true }]
				account:
				  notInWhiteList: true
				  roles: [{ name: Importer }, { name: UsersOnly, trustsEcs: false }, { name: Bare, policy: none }]
				  resourceGroups: [rg-aek2abc3def4gh]
				regions: [{ id: cn-hangzhou }]
				buckets:
				  - name: b
				    region: cn-hangzhou
				    locationDenied: true
				    otherAccount: true
				    objects: [{ key: old.raw, kind: RAW_MBR, virtualGib: 10, storageClass: Archive }]
				faults:
				  ossBurst: { rate: 0.02 }
				  ossBodilessHeadRate: 0.1
				  gatewayErrorRate: 0.05
				""");
		Scenario scenario = Scenario.load(file);
		assertThat(scenario.listingLagSeconds()).isEqualTo(20);
		assertThat(scenario.deleteImages()).containsExactly(new Scenario.ImageDeletion("web-02", 30));
		assertThat(scenario.checkTimestamps()).isTrue();
		assertThat(scenario.clockOffsetSeconds()).isEqualTo(1200);
		assertThat(scenario.accessKeys()).singleElement().satisfies(k -> assertThat(k.ramDenied()).isTrue());
		assertThat(scenario.account().notInWhiteList()).isTrue();
		assertThat(scenario.account().importRole()).isTrue();
		assertThat(scenario.account().roles()).extracting(Scenario.Role::name, Scenario.Role::usableForImport)
			.containsExactly(tuple("Importer", true), tuple("UsersOnly", false), tuple("Bare", false));
		assertThat(scenario.account().resourceGroups()).containsExactly("rg-aek2abc3def4gh");
		assertThat(scenario.bucket("b")).hasValueSatisfying(b -> {
			assertThat(b.locationDenied()).isTrue();
			assertThat(b.otherAccount()).isTrue();
			assertThat(b.object("old.raw")).hasValueSatisfying(o -> assertThat(o.archived()).isTrue());
		});
		assertThat(scenario.faults().ossBurst()).isEqualTo(new Scenario.Burst(0, 0.02, 8));
		assertThat(scenario.faults().ossBodilessHeadRate()).isEqualTo(0.1);
		assertThat(scenario.faults().gatewayErrorRate()).isEqualTo(0.05);
	}

	@Test
	void aMinimalScenarioGetsDefaults() throws Exception {
		Path file = Files.writeString(this.dir.resolve("min.yaml"), "regions:\n  - id: cn-beijing\n");
		Scenario scenario = Scenario.load(file);
		assertThat(scenario.accessKeys()).extracting(Scenario.AccessKey::id).containsExactly("testAK");
		assertThat(scenario.account().importRole()).isTrue();
		assertThat(scenario.account().roles()).isEmpty();
		assertThat(scenario.account().resourceGroups()).isEmpty();
		assertThat(scenario.importSeconds()).isEqualTo(30);
		assertThat(scenario.faults().rateLimits()).isEmpty();
		assertThat(scenario.faults().lostResponseRate()).isZero();
	}

	@Test
	void aMistakeInTheFileIsNamedByLineColumnAndField() throws Exception {
		Path file = Files.writeString(this.dir.resolve("bad.yaml"), "regions:\n  - id: cn-beijing\n    quota: 5\n");
		assertThatThrownBy(() -> Scenario.load(file)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith(file + ":3:5: regions[0].quota: not a valid sandbox scenario: 'quota' is not a "
					+ "field here (fields: ")
			.hasMessageContaining("imageQuota");
	}

	@Test
	void aValueOfTheWrongKindSaysWhatWasWanted() throws Exception {
		Path file = Files.writeString(this.dir.resolve("kind.yaml"),
				"regions:\n  - id: cn-beijing\n    imageQuota: [1, 2]\n");
		assertThatThrownBy(() -> Scenario.load(file)).hasMessageStartingWith(file + ":3:")
			.hasMessageContaining("regions[0].imageQuota:")
			.hasMessageEndingWith("wanted a whole number, found a list")
			.hasMessageNotContaining("java.lang");
	}

	@Test
	void aTabInTheYamlKeepsItsCause() throws Exception {
		Path file = Files.writeString(this.dir.resolve("tab.yaml"), "regions:\n\t- id: cn-beijing\n");
		assertThatThrownBy(() -> Scenario.load(file)).hasMessageStartingWith(file + ":2:")
			.hasMessageContaining("\\t");
	}

	@Test
	void aMissingFileOrOneWithoutRegionsIsSaidSo() throws Exception {
		Path missing = this.dir.resolve("none.yaml");
		assertThatThrownBy(() -> Scenario.load(missing)).hasMessage(missing + ": no such file");
		Path empty = Files.writeString(this.dir.resolve("empty.yaml"), "seed: 3\n");
		assertThatThrownBy(() -> Scenario.load(empty)).hasMessageContaining("regions: at least one region is required");
	}

	@Test
	void anAccessKeyNeverShowsItsSecret() {
		assertThat(new Scenario.AccessKey("ak", "s3cr3t").toString()).doesNotContain("s3cr3t");
	}

}
