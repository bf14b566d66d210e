package io.ecsmigrator.ledger;

import java.util.Map;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.support.TestDatabases;
import io.ecsmigrator.support.TestLedger;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The queries that pick images by status, bound from {@link ImageStatus}, not spelled in the SQL. */
@SpringBootTest(classes = MigratorApplication.class, properties = "migrator.progress-interval=1h")
class ImageRepositoryTests {

	@DynamicPropertySource
	static void ledger(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry);
	}

	@Autowired
	ImageRepository images;

	/** A run with an image in each status a query tells apart, over three regions. */
	private void imagesOfEachStatus(long runId) {
		TestLedger ledger = TestLedger.of(this.images, runId);
		ledger.image(2, "cn-hangzhou", "a", "b", "a.raw", ImageStatus.SUBMITTING);
		ledger.image(3, "cn-hangzhou", "b", "b", "b.raw", ImageStatus.SUBMITTED);
		ledger.image(4, "cn-beijing", "c", "b", "c.raw", ImageStatus.SUBMITTED);
		ledger.image(5, "cn-beijing", "d", "b", "d.raw", ImageStatus.VERIFIED);
		ledger.image(6, "cn-shanghai", "e", "b", "e.raw", ImageStatus.PLANNED);
	}

	@Test
	void inFlightCountsTheImagesAskedForAndImportingPerRegion() {
		imagesOfEachStatus(901);

		assertThat(this.images.inFlightByRegion(901)).containsExactly(Map.entry("cn-beijing", 1L),
				Map.entry("cn-hangzhou", 2L));
		assertThat(this.images.inFlightByRegion(902)).as("another run's images").isEmpty();
	}

	@Test
	void submittedListsOnlyTheAcceptedImports() {
		imagesOfEachStatus(911);

		assertThat(this.images.submitted(911)).extracting(InFlightImage::firstLine).as("by region, then line")
			.containsExactly(4, 3);
	}

}
