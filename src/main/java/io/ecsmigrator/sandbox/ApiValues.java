package io.ecsmigrator.sandbox;

import java.util.List;
import java.util.Locale;

/**
 * The enumerated values the simulated ImportImage accepts, exactly as ECS spells them.
 * <p>
 * A copy, deliberately separate from the migrator's own lists (its inventory validator): the
 * sandbox stands for the cloud, so it must not take its rules from the code it tests. Where the
 * simulator and the validator disagree, a test ({@code ApiValuesTests}) catches it; the real API is
 * the judge of which one is right.
 */
enum ApiValues {

	FORMAT("RAW", "VHD", "qcow2"),

	ARCHITECTURE("i386", "x86_64", "arm64"),

	OS_TYPE("linux", "windows"),

	PLATFORM("CentOS", "Ubuntu", "SUSE", "OpenSUSE", "Debian", "CoreOS", "Aliyun", "Anolis", "FreeBSD", "RedHat",
			"Kylin", "UOS", "Fedora", "Fedora CoreOS", "CentOS Stream", "AlmaLinux", "Rocky Linux", "Gentoo",
			"Windows Server 2003", "Windows Server 2008", "Windows Server 2012", "Windows Server 2016",
			"Windows Server 2019", "Windows Server 2022", "Others Linux", "Customized Linux"),

	BOOT_MODE("BIOS", "UEFI");

	private final List<String> accepted;

	ApiValues(String... values) {
		this.accepted = List.of(values);
	}

	List<String> accepted() {
		return this.accepted;
	}

	/** Whether the API takes a value written in any case (as it does the disk format). */
	boolean acceptsIgnoringCase(String value) {
		String wanted = value.strip().toLowerCase(Locale.ROOT);
		return this.accepted.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).equals(wanted));
	}

}
