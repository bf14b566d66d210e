package io.ecsmigrator.report;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The report's settings ({@code migrator.report.*}).
 *
 * @param byteOrderMark start the report with a UTF-8 byte-order mark: Excel on Windows reads a CSV
 * without one in the machine's ANSI code page and shows Chinese image names as mojibake; readers
 * that decode UTF-8 with a BOM see the same header either way
 */
@ConfigurationProperties("migrator.report")
public record ReportProperties(@DefaultValue("true") boolean byteOrderMark) {

	public static final ReportProperties DEFAULTS = new ReportProperties(true);

}
