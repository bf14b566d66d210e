package io.ecsmigrator.cloud;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudJsonTests {

	@Test
	void readsAnAnswersFieldsByTheApisNames() {
		assertThat(CloudJson.read("{\"Role\":{\"RoleName\":\"Ops\"}}").path("Role").path("RoleName").asString(""))
			.isEqualTo("Ops");
	}

	@Test
	void anAnswerThatIsNoJsonIsUnreadableWithoutRepeatingIt() {
		assertThatThrownBy(() -> CloudJson.read("<html>502 Bad Gateway secret-page</html>"))
			.isInstanceOf(CloudJson.UnreadableAnswerException.class)
			.hasMessage("unreadable answer (not JSON)");
	}

}
