package io.ecsmigrator.ledger;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ledger keeps times in UTC, whatever the machine's zone. */
@Configuration(proxyBeanMethods = false)
public class LedgerConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
