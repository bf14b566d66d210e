package io.ecsmigrator.inventory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotedTests {

	@Test
	void aShortValueIsQuotedWhole() {
		assertThat(Quoted.of("web-01")).isEqualTo("'web-01'");
		assertThat(Quoted.of("财务-应用")).isEqualTo("'财务-应用'");
	}

	@Test
	void controlAndInvisibleCharactersAreEscaped() {
		assertThat(Quoted.of("a\nb\r\tc\u0000d\u2028e\uFEFFf\u202Eg"))
			.isEqualTo("'a\\nb\\r\\tc\\u0000d\\u2028e\\uFEFFf\\u202Eg'");
	}

	@Test
	void aBackslashIsDoubledSoALiteralBackslashNIsNoLineBreak() {
		assertThat(Quoted.of("web\\n01")).isEqualTo("'web\\\\n01'");
		assertThat(Quoted.of("web\n01")).isEqualTo("'web\\n01'");
		// a line of already quoted values is not escaped twice
		assertThat(Quoted.escapedText("name " + Quoted.of("web\\n01"))).isEqualTo("name 'web\\\\n01'");
	}

	@Test
	void aWholeTextIsEscapedWithoutQuotesOrCuts() {
		assertThat(Quoted.escapedText("oss://b/a\nb.raw: 'x' ")).isEqualTo("oss://b/a\\nb.raw: 'x' ");
	}

	@Test
	void aLongValueIsCutWithItsRealLengthInCharacters() {
		String shown = Quoted.of("财".repeat(100_000));
		assertThat(shown).isEqualTo("'" + "财".repeat(Quoted.SHOWN) + "…' (100,000 characters)");
		assertThat(Quoted.of("x".repeat(Quoted.SHOWN))).isEqualTo("'" + "x".repeat(Quoted.SHOWN) + "'");
	}

	@Test
	void aCharacterBeyondTheBasicPlaneCountsOnceAndIsNotSplit() {
		String emoji = "\uD83D\uDE00";
		assertThat(Quoted.of(emoji.repeat(Quoted.SHOWN + 1)))
			.isEqualTo("'" + emoji.repeat(Quoted.SHOWN) + "…' (65 characters)");
	}

}
