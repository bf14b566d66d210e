package io.ecsmigrator;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * ECS Image Migrator: imports a datacenter's VM disks, already in OSS, into ECS custom images, as
 * one restartable Spring Batch job per inventory. This is the application's Spring configuration;
 * the command line ({@code io.ecsmigrator.cli.MigratorCli}, the jar's main class) starts it, so this
 * package depends on no other.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MigratorApplication {

}
