package io.ecsmigrator.sandbox;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peak rate per action and region: what ECS limits (each action per region and account), so
 * that a test can hold the calls of several processes to a configured rate in one region while
 * another region's calls count apart.
 */
class SandboxCountersTests {

	private static final long MS = 1_000_000L;

	private final AtomicLong now = new AtomicLong(1_000_000 * MS);

	private final SandboxCounters counters = new SandboxCounters(this.now::get);

	private void callAt(long millis, String action, String region) {
		this.now.set(1_000_000 * MS + millis * MS);
		this.counters.call(action, region);
	}

	@Test
	void thePeakOfAnActionInARegionCountsOnlyThatRegionsCallsInAnyOneSecond() {
		// cn-hangzhou: 3 calls in the first second, then 4 within 900 ms (t = 1.5 s .. 2.4 s)
		callAt(0, "DescribeImages", "cn-hangzhou");
		callAt(300, "DescribeImages", "cn-hangzhou");
		callAt(600, "DescribeImages", "cn-hangzhou");
		callAt(1500, "DescribeImages", "cn-hangzhou");
		callAt(1800, "DescribeImages", "cn-hangzhou");
		callAt(2100, "DescribeImages", "cn-hangzhou");
		callAt(2400, "DescribeImages", "cn-hangzhou");
		// interleaved in time: another region and another action, each under its own key
		callAt(2450, "DescribeImages", "cn-shanghai");
		callAt(2460, "DescribeImages", "cn-shanghai");
		callAt(2470, "ImportImage", "cn-hangzhou");

		assertThat(this.counters.peakRate("DescribeImages", "cn-hangzhou")).isEqualTo(4);
		assertThat(this.counters.peakRate("DescribeImages", "cn-shanghai")).isEqualTo(2);
		assertThat(this.counters.peakRate("ImportImage", "cn-hangzhou")).isEqualTo(1);
		assertThat(this.counters.peakRate("ImportImage", "cn-shanghai")).isZero();
		assertThat(this.counters.peakRate("DescribeImages")).as("all regions together").isEqualTo(6);
		assertThat(this.counters.calls("DescribeImages", "cn-hangzhou")).isEqualTo(7);
	}

	@Test
	void callsExactlyOneSecondApartAreNotInOneWindow() {
		callAt(0, "DescribeImages", "cn-hangzhou");
		callAt(1000, "DescribeImages", "cn-hangzhou");
		callAt(2000, "DescribeImages", "cn-hangzhou");
		assertThat(this.counters.peakRate("DescribeImages", "cn-hangzhou")).isEqualTo(1);
		callAt(2999, "DescribeImages", "cn-hangzhou");
		assertThat(this.counters.peakRate("DescribeImages", "cn-hangzhou")).isEqualTo(2);
	}

	@Test
	void aCallWithoutRegionCountsOnlyForTheAction() {
		callAt(0, "DescribeRegions", null);
		assertThat(this.counters.peakRate("DescribeRegions")).isEqualTo(1);
		assertThat(this.counters.all()).extractingByKey("peakCallsPerSecondByRegion")
			.isEqualTo(Map.of());
		callAt(10, "DescribeImages", "cn-hangzhou");
		assertThat(this.counters.all()).extractingByKey("peakCallsPerSecondByRegion")
			.isEqualTo(Map.of("cn-hangzhou/DescribeImages", 1));
	}

}
