package io.ecsmigrator.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CausesTests {

	@Test
	void findsTheOutermostOfATypeDownTheChain() {
		ConnectException refused = new ConnectException("refused");
		IOException io = new IOException("io", refused);
		RuntimeException outer = new IllegalStateException("outer", new UncheckedIOException(io));

		assertThat(Causes.find(outer, IOException.class)).isSameAs(io);
		assertThat(Causes.find(outer, ConnectException.class)).isSameAs(refused);
		assertThat(Causes.find(outer, RuntimeException.class)).isSameAs(outer);
		assertThat(Causes.find(outer, ArithmeticException.class)).isNull();
		assertThat(Causes.root(outer)).isSameAs(refused);
		assertThat(Causes.chain(outer)).hasSize(4).startsWith(outer).endsWith(refused);
	}

	@Test
	void aChainThatLoopsEndsWhereItWouldRepeat() {
		RuntimeException a = new RuntimeException("a");
		RuntimeException b = new RuntimeException("b", a);
		a.initCause(b);

		assertThat(Causes.chain(b)).containsExactly(b, a);
		assertThat(Causes.root(b)).isSameAs(a);
		assertThat(Causes.find(b, IOException.class)).isNull();
	}

}
