package io.ecsmigrator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the version Maven built (Spring Boot's {@code META-INF/build-info.properties},
 * written by the {@code build-info} goal in pom.xml), read without starting Spring.
 */
class BuildVersion implements IVersionProvider {

	static final String RESOURCE = "META-INF/build-info.properties";

	@Override
	public String[] getVersion() {
		Properties build = new Properties();
		try (InputStream in = BuildVersion.class.getClassLoader().getResourceAsStream(RESOURCE)) {
			if (in == null) {
				return new String[] { "ECS Image Migrator (version unknown: not built by Maven)" };
			}
			build.load(in);
		}
		catch (IOException ex) {
			return new String[] { "ECS Image Migrator (version unknown: " + ex.getMessage() + ")" };
		}
		return new String[] { "%s %s (built %s)".formatted(build.getProperty("build.name", "ECS Image Migrator"),
				build.getProperty("build.version", "unknown"), build.getProperty("build.time", "at an unknown time")) };
	}

}
