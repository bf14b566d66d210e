package io.ecsmigrator.cloud;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** Rates as an operator writes them: calls per second, or Quota Center's calls per window. */
class RateLimitTests {

	@Test
	void aPlainNumberIsCallsPerSecond() {
		assertThat(RateLimit.parse("5")).isEqualTo(new RateLimit(5, Duration.ofSeconds(1)));
		assertThat(RateLimit.parse("2.5").perSecondRate()).isEqualTo(2.5);
		assertThat(RateLimit.parse("5/s")).isEqualTo(RateLimit.perSecond(5));
	}

	@Test
	void quotaCenterFormsAreCallsPerWindow() {
		RateLimit perMinute = RateLimit.parse("200/60s");
		assertThat(perMinute).isEqualTo(new RateLimit(200, Duration.ofSeconds(60)));
		assertThat(perMinute.perSecondRate()).isCloseTo(200 / 60.0, within(1e-9));
		assertThat(RateLimit.parse(" 200 / 1m ")).isEqualTo(perMinute);
		assertThat(RateLimit.parse("3600/1h").perSecondRate()).isCloseTo(1.0, within(1e-9));
		assertThat(perMinute).hasToString("200/60s");
	}

	@Test
	void anythingElseIsRefusedWithTheFormsThatWork() {
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse("fast"))
			.withMessageContaining("200/60s");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse("0"));
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse("10/0s"));
	}

	@Test
	void aBadSettingIsNamedByItsProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimiters(java.util.Map.of("ImportImage", "lots")))
			.withMessageStartingWith("migrator.rate.ImportImage: ");
	}

	@Test
	void limitersArePerActionAndRegionAndTakeEitherForm() {
		RateLimiters limiters = new RateLimiters(java.util.Map.of("ImportImage", "120/60s", "describeimages", "20"));
		assertThat(limiters.of("ImportImage", "cn-hangzhou").limit()).isCloseTo(2.0, within(1e-9));
		assertThat(limiters.of("DescribeImages", "cn-hangzhou").limit()).isEqualTo(20.0);
		assertThat(limiters.of("ImportImage", "cn-hangzhou")).isSameAs(limiters.of("ImportImage", "cn-hangzhou"))
			.isNotSameAs(limiters.of("ImportImage", "cn-shanghai"));
		assertThat(limiters.of("DescribeRegions", "cn-hangzhou")).as("not paced").isNull();
	}

}
