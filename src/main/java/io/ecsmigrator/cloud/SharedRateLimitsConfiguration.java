package io.ecsmigrator.cloud;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rate limits shared by the processes of a distributed run. Only in distributed mode:
 * {@code migrator.distributed.role} (manager or worker) is set by the distributed commands and
 * absent in local mode, where {@link CloudClients} keeps {@link SharedRateLimits#NONE} and nothing
 * changes. {@code migrator.distributed.shared-rates=false} turns the sharing off (each process then
 * keeps only its own pace: the sum of N processes may reach N times the configured rate).
 * <p>
 * Only on a PostgreSQL ledger: the embedded H2 ledger is one process's file, so there is no other
 * process to share with (and Bucket4j's SQL is PostgreSQL's).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "migrator.distributed.role")
public class SharedRateLimitsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SharedRateLimitsConfiguration.class);

	@Bean
	SharedRateLimits sharedRateLimits(DataSource dataSource,
			@Value("${migrator.distributed.shared-rates:true}") boolean sharedRates,
			@Value("${spring.datasource.url:}") String ledgerUrl) {
		if (!sharedRates) {
			log.info("migrator.distributed.shared-rates=false: each process keeps only its own rate limits");
			return SharedRateLimits.NONE;
		}
		if (!ledgerUrl.startsWith("jdbc:postgresql:")) {
			log.info("rate limits are not shared: the ledger is not PostgreSQL");
			return SharedRateLimits.NONE;
		}
		return new Bucket4jRateLimits(dataSource);
	}

}
