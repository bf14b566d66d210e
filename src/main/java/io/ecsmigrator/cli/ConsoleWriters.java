package io.ecsmigrator.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Where a command's human text goes: picocli's out and err writers, so that tests pass their own.
 * With {@code --json} the human text (progress included) goes to err and out holds only the JSON
 * document. A bean of the context the command starts, for {@link ConsoleProgress}.
 *
 * @param out the human text
 * @param err warnings and errors
 */
record ConsoleWriters(PrintWriter out, PrintWriter err) {

	/** For a context that no command started (tests of the Spring application alone). */
	static ConsoleWriters system() {
		return new ConsoleWriters(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
	}

	/** Prints what prints to a stream (as {@code RunSummaries} does) to a writer. */
	static void print(PrintWriter to, Consumer<PrintStream> printing) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
			printing.accept(stream);
		}
		to.print(bytes.toString(StandardCharsets.UTF_8));
		to.flush();
	}

}
