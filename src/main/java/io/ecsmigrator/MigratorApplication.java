package io.ecsmigrator;

import io.ecsmigrator.cli.MigratorCli;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * ECS Image Migrator: imports a datacenter's VM disks, already in OSS, into ECS custom images, as
 * one restartable Spring Batch job per inventory.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MigratorApplication {

	public static void main(String[] args) {
		System.exit(MigratorCli.run(args));
	}

}
