package io.ecsmigrator.inventory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryTagTests {

	@Test
	void entriesAreSplitAtTheFirstEqualsAndStripped() {
		assertThat(InventoryTag.parse(" env = prod ;; app=a=b;owner=; lonely ")).containsExactly(
				new InventoryTag("env", "prod", true, "env = prod"), new InventoryTag("app", "a=b", true, "app=a=b"),
				new InventoryTag("owner", "", true, "owner="), new InventoryTag("lonely", "", false, "lonely"));
	}

	@Test
	void noTagsAreNoEntries() {
		assertThat(InventoryTag.parse(null)).isEmpty();
		assertThat(InventoryTag.parse(" ; ")).isEmpty();
	}

}
