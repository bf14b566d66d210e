package io.ecsmigrator.submit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.ecsmigrator.MigratorApplication;
import io.ecsmigrator.cloud.Waits;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageRow;
import io.ecsmigrator.ledger.ImageStatus;
import io.ecsmigrator.support.TestDatabases;
import io.ecsmigrator.support.TestLedger;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A region's lane reads its images while preflight, beside it, still verifies others: intents first,
 * then what is verified, behind the reader as well as ahead of it, each once, until preflight has
 * stopped and a whole sweep finds nothing. The pauses between sweeps are where the tests change the
 * ledger, so nothing depends on timing.
 */
@SpringBootTest(classes = MigratorApplication.class, properties = "migrator.progress-interval=1h")
class ImagesToSendTests {

	private static final String HZ = "cn-hangzhou";

	@DynamicPropertySource
	static void ledger(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry);
	}

	@Autowired
	ImageRepository images;

	@Test
	void intentsFirstThenVerifiedImagesOfItsRegionOnly() throws Exception {
		TestLedger ledger = TestLedger.of(this.images, 701);
		ledger.image(2, HZ, "a", "b", "a.raw", ImageStatus.VERIFIED);
		ledger.image(3, "cn-beijing", "b", "b", "b.raw", ImageStatus.VERIFIED);
		ledger.image(4, HZ, "c", "b", "c.raw", ImageStatus.SUBMITTING);
		ledger.image(5, HZ, "d", "b", "d.raw", ImageStatus.VERIFIED);
		ledger.image(6, HZ, "e", "b", "e.raw", ImageStatus.PLANNED);
		ledger.image(7, HZ, "f", "b", "f.raw", ImageStatus.SUBMITTED);

		ImagesToSend toSend = new ImagesToSend(this.images, 701, HZ, () -> false, Waits.UNTIL_TIME);

		assertThat(all(toSend)).containsExactly(4, 2, 5);
		assertThat(this.images.regions(701)).containsExactly("cn-beijing", HZ);
	}

	@Test
	void followsPreflightUntilItHasStoppedAndASweepFindsNothing() throws Exception {
		TestLedger ledger = TestLedger.of(this.images, 702);
		ledger.image(10, HZ, "a", "b", "a.raw", ImageStatus.VERIFIED);
		for (int line = 2; line <= 4; line++) {
			ledger.image(line, HZ, "p" + line, "b", "p.raw", ImageStatus.PLANNED);
		}
		AtomicBoolean checking = new AtomicBoolean(true);
		AtomicInteger pauses = new AtomicInteger();
		// preflight verifies an image behind the reader during each pause; after the third it stops
		Waits pause = duration -> {
			int n = pauses.incrementAndGet();
			if (n <= 3) {
				this.images.transition(702, 1 + n, ImageStatus.PLANNED, ImageStatus.VERIFIED, ImageChange.ok());
			}
			if (n == 3) {
				checking.set(false);
			}
			return false;
		};
		ImagesToSend toSend = new ImagesToSend(this.images, 702, HZ, checking::get, pause);

		assertThat(all(toSend)).as("each image verified behind the reader is still sent, once").containsExactly(10, 2,
				3, 4);
		assertThat(pauses).as("no pause after a sweep that found an image, none once preflight had stopped")
			.hasValue(3);
	}

	@Test
	void anImageHandedOutThatStaysVerifiedIsNotHandedOutAgain() throws Exception {
		TestLedger ledger = TestLedger.of(this.images, 703);
		ledger.image(2, HZ, "a", "b", "a.raw", ImageStatus.VERIFIED); // its call runs out of retries: it stays
		ledger.image(3, HZ, "p", "b", "p.raw", ImageStatus.PLANNED);
		AtomicBoolean checking = new AtomicBoolean(true);
		Waits pause = duration -> {
			checking.set(false); // preflight ends without verifying the other one
			return false;
		};
		ImagesToSend toSend = new ImagesToSend(this.images, 703, HZ, checking::get, pause);

		assertThat(all(toSend)).containsExactly(2);
	}

	@Test
	void theOperatorsStopEndsTheWaitForPreflight() throws Exception {
		TestLedger ledger = TestLedger.of(this.images, 704);
		ledger.image(2, HZ, "p", "b", "p.raw", ImageStatus.PLANNED);
		List<Duration> slept = new ArrayList<>();
		Waits stopped = duration -> {
			slept.add(duration);
			return true;
		};
		ImagesToSend toSend = new ImagesToSend(this.images, 704, HZ, () -> true, stopped);

		assertThat(toSend.next()).isNull();
		assertThat(slept).containsExactly(ImagesToSend.FOLLOW_PAUSE);
	}

	private static List<Integer> all(ImagesToSend toSend) throws InterruptedException {
		List<Integer> lines = new ArrayList<>();
		for (ImageRow row = toSend.next(); row != null; row = toSend.next()) {
			lines.add(row.firstLine());
			if (lines.size() > 100) {
				throw new AssertionError("read without end: " + lines);
			}
		}
		return lines;
	}

}
