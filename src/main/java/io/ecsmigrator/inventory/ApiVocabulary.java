package io.ecsmigrator.inventory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The enumerated values ImportImage accepts, and their spelling on the wire. The operator may write
 * them in any case ({@code QCOW2}, {@code X86_64}); the ledger keeps the API's spelling.
 * <p>
 * The lists are those of the current API (aliyun-java-sdk-ecs 5.11.x), a superset of the original
 * contract's: arm64, the newer Linux platforms and Windows Server 2016 to 2022 are accepted by ECS
 * today, and refusing them offline would stop images the cloud takes.
 */
public enum ApiVocabulary {

	FORMAT("RAW", "VHD", "qcow2"),

	ARCHITECTURE("i386", "x86_64", "arm64"),

	OS_TYPE("linux", "windows"),

	PLATFORM("CentOS", "Ubuntu", "SUSE", "OpenSUSE", "Debian", "CoreOS", "Aliyun", "Anolis", "FreeBSD", "RedHat",
			"Kylin", "UOS", "Fedora", "Fedora CoreOS", "CentOS Stream", "AlmaLinux", "Rocky Linux", "Gentoo",
			"Windows Server 2003", "Windows Server 2008", "Windows Server 2012", "Windows Server 2016",
			"Windows Server 2019", "Windows Server 2022", "Others Linux", "Customized Linux"),

	BOOT_MODE("BIOS", "UEFI"),

	LICENSE_TYPE("Auto", "Aliyun", "BYOL");

	private final List<String> accepted;

	ApiVocabulary(String... values) {
		this.accepted = List.of(values);
	}

	public List<String> accepted() {
		return this.accepted;
	}

	/** The API's spelling of a value written in any case, if the API knows it. */
	public Optional<String> canonical(String value) {
		String wanted = value.strip().toLowerCase(Locale.ROOT);
		return this.accepted.stream().filter(v -> v.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
	}

	public String choices() {
		return String.join(", ", this.accepted);
	}

}
