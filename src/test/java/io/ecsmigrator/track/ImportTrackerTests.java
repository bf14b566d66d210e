package io.ecsmigrator.track;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.aliyuncs.ecs.model.v20140526.ImportImageResponse;
import io.ecsmigrator.catalogue.ErrorCatalogue;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.ledger.InFlightImage;
import io.ecsmigrator.sandbox.MutableClock;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario.DiskKind;
import io.ecsmigrator.support.CloudImports;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** One look at imports in flight: which have ended, and how. */
@Timeout(60)
class ImportTrackerTests {

	private static final String REGION = "cn-hangzhou";

	private final MutableClock clock = new MutableClock();

	private SandboxServer sandbox;

	private CloudClients clients;

	private ImportTracker tracker;

	private int line = 1;

	@BeforeEach
	void start() throws Exception {
		this.sandbox = SandboxServer.start(Scenarios.scenario()
			.region(REGION)
			.bucket("disks-hz", REGION)
			.object("web.qcow2", DiskKind.QCOW2, 40)
			.object("junk.bin", DiskKind.GARBAGE, 40)
			.importSeconds(60)
			.seed(9)
			.build(), 0, this.clock);
		SandboxCloud.useCredentials("testAK", "testSecret");
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 3));
		this.tracker = new ImportTracker(this.clients, this.clients.retrier(), Duration.ofMinutes(10), this.clock,
				ErrorCatalogue.english());
	}

	@AfterEach
	void stop() {
		this.clients.destroy();
		SandboxCloud.clearCredentials();
		this.sandbox.close();
	}

	private InFlightImage imported(String name, String object) throws Exception {
		ImportImageResponse response = CloudImports.importImage(this.clients, REGION, name, "disks-hz", object,
				"wave.csv");
		return new InFlightImage(1, ++this.line, REGION, name, response.getImageId(), response.getTaskId(),
				java.time.LocalDateTime.ofInstant(this.clock.instant(), java.time.ZoneOffset.UTC));
	}

	@Test
	void importsStillRunningHaveNotEnded() throws Exception {
		InFlightImage image = imported("running", "web.qcow2");
		assertThat(this.tracker.poll(REGION, List.of(image))).isEmpty();
	}

	@Test
	void anAvailableImageIsImportedAndAFailedOneIsAFailedImport() throws Exception {
		InFlightImage good = imported("good", "web.qcow2");
		InFlightImage bad = imported("bad", "junk.bin");
		this.clock.advance(Duration.ofMinutes(5));
		List<ImportTracker.Ended> ended = this.tracker.poll(REGION, List.of(good, bad));
		assertThat(ended).hasSize(2);
		assertThat(ended.get(0).image()).isEqualTo(good);
		assertThat(ended.get(0).status()).isEqualTo(ImageStatus.AVAILABLE);
		assertThat(ended.get(0).change().requestId()).isNotNull();
		assertThat(ended.get(1).image()).isEqualTo(bad);
		assertThat(ended.get(1).status()).isEqualTo(ImageStatus.IMPORT_FAILED);
		assertThat(ended.get(1).change().errorCode()).isEqualTo("Image.CreateFailed");
		assertThat(ended.get(1).change().message()).as("the import task's own word")
			.contains("CreateFailed", "not in a supported format");
		assertThat(this.sandbox.counters().calls("DescribeImages")).as("one call for the batch").isEqualTo(1);
	}

	@Test
	void aLookTakesAtMostOneBatch() {
		List<InFlightImage> tooMany = new ArrayList<>();
		for (int i = 0; i <= ImportTracker.BATCH; i++) {
			tooMany.add(new InFlightImage(1, i + 2, REGION, "n" + i, "m-" + i, null, null));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> this.tracker.poll(REGION, tooMany));
		assertThat(this.tracker.poll(REGION, List.of())).isEmpty();
	}

}
