package io.ecsmigrator.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole-file checks and the streaming reader, on real files. */
class InventoryFilesTests {

	@TempDir
	Path dir;

	private final InventoryFileInspector inspector = new InventoryFileInspector();

	private Path write(String name, byte[] content) throws IOException {
		Path file = this.dir.resolve(name);
		Files.write(file, content);
		return file;
	}

	private Path write(String name, String content) throws IOException {
		return write(name, content.getBytes(StandardCharsets.UTF_8));
	}

	private static List<RawLine> readAll(Path file) throws Exception {
		InventoryReader reader = new InventoryReader(file);
		reader.open(new ExecutionContext());
		List<RawLine> lines = new ArrayList<>();
		for (RawLine line = reader.read(); line != null; line = reader.read()) {
			lines.add(line);
		}
		reader.close();
		return lines;
	}

	@Test
	void missingFile() {
		assertThatThrownBy(() -> this.inspector.inspect(this.dir.resolve("nope.csv")))
			.isInstanceOf(InventoryFileException.class)
			.hasMessageContaining("nope.csv: no such file");
	}

	@Test
	void directoryIsNotAnInventory() {
		assertThatThrownBy(() -> this.inspector.inspect(this.dir)).isInstanceOf(InventoryFileException.class)
			.hasMessageContaining("not a readable file");
	}

	@Test
	void emptyFileAndBlankFile() throws IOException {
		assertThatThrownBy(() -> this.inspector.inspect(write("empty.csv", ""))).hasMessageContaining("empty.csv: the file is empty");
		assertThatThrownBy(() -> this.inspector.inspect(write("blank.csv", "\uFEFF \r\n\r\n"))).hasMessageContaining("the file is empty");
	}

	@Test
	void headerWithoutRows() throws IOException {
		assertThatThrownBy(() -> this.inspector.inspect(write("h.csv", "image_name,region,oss_bucket,oss_object\r\n")))
			.hasMessageContaining("h.csv: the file has a header but no disk rows");
	}

	@Test
	void notUtf8NamesLineAndColumn() throws IOException {
		byte[] latin1 = "image_name,region,oss_bucket,oss_object\nweb,cn-hangzhou,b1b,caf\u00e9.raw\n"
			.getBytes(StandardCharsets.ISO_8859_1);
		assertThatThrownBy(() -> this.inspector.inspect(write("latin1.csv", latin1)))
			.isInstanceOf(InventoryFileException.class)
			.hasMessageContaining("latin1.csv:2:24: the file is not UTF-8")
			.hasMessageContaining("0xE9")
			.hasMessageContaining("CSV UTF-8");
	}

	@Test
	void utf16IsRecognised() throws IOException {
		byte[] utf16 = "image_name,region\n".getBytes(StandardCharsets.UTF_16LE);
		byte[] withBom = new byte[utf16.length + 2];
		withBom[0] = (byte) 0xFF;
		withBom[1] = (byte) 0xFE;
		System.arraycopy(utf16, 0, withBom, 2, utf16.length);
		assertThatThrownBy(() -> this.inspector.inspect(write("u16.csv", withBom))).hasMessageContaining("UTF-16");
	}

	@Test
	void headerMissingRequiredColumns() throws IOException {
		assertThatThrownBy(() -> this.inspector.inspect(write("h.csv", "image_name,region,format\nweb,cn-hangzhou,RAW\n")))
			.hasMessageContaining("h.csv:1: the header lacks the required columns oss_bucket, oss_object");
	}

	@Test
	void aSemicolonSeparatedFileIsToldToBeSavedAsCommaSeparatedCsv() throws IOException {
		Path file = write("excel.csv", "image_name;region;oss_bucket;oss_object\n财务-应用;cn-hangzhou;b1b;a.raw\n");
		assertThatThrownBy(() -> this.inspector.inspect(file)).isInstanceOf(InventoryFileException.class)
			.hasMessage(file + ":1: the columns are separated by semicolons (;), not by commas (Excel saves \"CSV\" "
					+ "so in many locales). Save the file as \"CSV UTF-8 (comma delimited)\", or export it with a "
					+ "comma as the list separator.");
	}

	@Test
	void aTabSeparatedFileIsNamedSoAndAHeaderMerelyLackingColumnsIsNot() throws IOException {
		assertThatThrownBy(() -> this.inspector.inspect(write("t.csv", "image_name\tregion\toss_bucket\toss_object\n"
				+ "web\tcn-hangzhou\tb1b\ta.raw\n"))).hasMessageContaining("t.csv:1: the columns are separated by tabs")
			.hasMessageContaining("CSV UTF-8 (comma delimited)");
		assertThatThrownBy(() -> this.inspector.inspect(write("h.csv", "image_name,region,format;size\nweb,x,RAW\n")))
			.hasMessageContaining("lacks the required columns")
			.hasMessageNotContaining("separated by");
	}

	@Test
	void headerWithARepeatedColumn() throws IOException {
		assertThatThrownBy(() -> this.inspector
			.inspect(write("h.csv", "image_name,region,oss_bucket,oss_object,Region\nw,cn-hangzhou,b1b,o\n")))
			.hasMessageContaining("column 'region' appears twice (columns 2 and 5)");
	}

	@Test
	void headerIsCaseInsensitiveAndUnknownColumnsAreKeptForAWarning() throws IOException {
		InventoryFile file = this.inspector
			.inspect(write("ok.csv", "Image_Name,REGION,OSS Bucket,oss-object,owner\nweb,cn-hangzhou,b1b,o,me\n"));
		assertThat(file.header().columnNo(InventoryColumn.OSS_BUCKET)).isEqualTo(3);
		assertThat(file.header().columnNo(InventoryColumn.OSS_OBJECT)).isEqualTo(4);
		assertThat(file.header().unknownColumns()).containsExactly("'owner' (column 5)");
		assertThat(file.sha256()).hasSize(64);
		assertThat(file.physicalLines()).isEqualTo(3);
	}

	@Test
	void sameContentSameHashAndAnEditChangesIt() throws IOException {
		String content = "image_name,region,oss_bucket,oss_object\nweb,cn-hangzhou,b1b,o\n";
		String a = this.inspector.inspect(write("a.csv", content)).sha256();
		String b = this.inspector.inspect(write("b.csv", content)).sha256();
		String c = this.inspector.inspect(write("c.csv", content.replace("web", "wab"))).sha256();
		assertThat(a).isEqualTo(b).isNotEqualTo(c);
	}

	@Test
	void bomAndCrlfAreRead() throws Exception {
		Path file = write("bom.csv",
				"\uFEFFimage_name,region,oss_bucket,oss_object\r\nweb,cn-hangzhou,b1b,a.raw\r\ndb,cn-hangzhou,b1b,b.raw\r\n");
		InventoryFile inventory = this.inspector.inspect(file);
		assertThat(inventory.header().columnNo(InventoryColumn.IMAGE_NAME)).isEqualTo(1);
		List<RawLine> lines = readAll(file);
		assertThat(lines).extracting(RawLine::lineNo).containsExactly(2, 3);
		assertThat(lines.get(1).fields()).containsExactly("db", "cn-hangzhou", "b1b", "b.raw");
	}

	@Test
	void quotedFieldsWithCommasQuotesAndNewlinesKeepLineNumbers() throws Exception {
		Path file = write("q.csv", """
				image_name,region,oss_bucket,oss_object,description
				web,cn-hangzhou,b1b,a.raw,"front end, ""blue"" pool"
				db,cn-hangzhou,b1b,b.raw,"line one
				line two"

				app,cn-hangzhou,b1b,C:\\disks\\c.raw,  "spaced"
				""");
		List<RawLine> lines = readAll(file);
		assertThat(lines).extracting(RawLine::lineNo).containsExactly(2, 3, 6);
		assertThat(lines.get(0).fields()[4]).isEqualTo("front end, \"blue\" pool");
		assertThat(lines.get(1).fields()[4]).isEqualTo("line one\nline two");
		assertThat(lines.get(2).fields()[3]).isEqualTo("C:\\disks\\c.raw");
		assertThat(lines.get(2).fields()[4]).isEqualTo("spaced");
	}

	@Test
	void unclosedQuoteBecomesAnUnreadableLineNotALostOne() throws Exception {
		Path file = write("u.csv", "image_name,region,oss_bucket,oss_object\nweb,cn-hangzhou,b1b,a.raw\n"
				+ "db,cn-hangzhou,\"b1b,b.raw\nlast,cn-hangzhou,b1b,c.raw\n");
		List<RawLine> lines = readAll(file);
		assertThat(lines).extracting(RawLine::lineNo).containsExactly(2, 3);
		assertThat(lines.get(1).parseError()).contains("not closed before the end of the file");
	}

	@Test
	void anUnclosedQuoteNamesTheLinesItSwallowedAndTheirImages() throws Exception {
		Path file = write("u.csv", "image_name,region,oss_bucket,oss_object,description\n"
				+ "web-01,cn-hangzhou,b1b,a.raw,\"front end\n" + "web-02,cn-hangzhou,b1b,b.raw,\n\n"
				+ "web-03,cn-hangzhou,b1b,c.raw,back end\n");

		List<RawLine> lines = readAll(file);

		assertThat(lines).singleElement().satisfies(line -> {
			assertThat(line.lineNo()).isEqualTo(2);
			assertThat(line.swallowed().lastLine()).isEqualTo(5);
		});
		StagedLine staged = validator(file).validate(lines.get(0));
		assertThat(staged.errors()).singleElement().satisfies(error -> {
			assertThat(error.code()).isEqualTo("Inventory.UnreadableLine");
			assertThat(error.message()).isEqualTo("a quoted field opened on this line is not closed before the end "
					+ "of the file; lines 2 to 5 were read as one value, so these lines were not read: line 3 "
					+ "'web-02', line 5 'web-03'");
		});
		assertThat(staged.value(InventoryColumn.IMAGE_NAME)).as("the report names the line's image").isEqualTo("web-01");
		assertThat(staged.value(InventoryColumn.REGION)).isEqualTo("cn-hangzhou");
	}

	@Test
	void aQuoteLeftOpenOnTheLastLineSwallowsNothingElse() throws Exception {
		Path file = write("u.csv", "image_name,region,oss_bucket,oss_object\nweb-01,cn-hangzhou,b1b,\"a.raw\n");
		StagedLine staged = validator(file).validate(readAll(file).get(0));
		assertThat(staged.errors().get(0).message())
			.isEqualTo("a quoted field opened on this line is not closed before the end of the file");
	}

	private DiskLineValidator validator(Path file) {
		return new DiskLineValidator(this.inspector.readHeader(file, file), (key, args) -> key);
	}

	@Test
	void runawayQuoteIsCutAtTheMultilineLimitAndReadingGoesOn() throws Exception {
		StringBuilder csv = new StringBuilder("image_name,region,oss_bucket,oss_object\nweb,cn-hangzhou,b1b,\"a.raw\n");
		for (int i = 0; i < 150; i++) {
			csv.append("next").append(i).append(",cn-hangzhou,b1b,n.raw\n");
		}
		List<RawLine> lines = readAll(write("r.csv", csv.toString()));
		assertThat(lines.get(0).lineNo()).isEqualTo(2);
		assertThat(lines.get(0).parseError()).contains("not closed within 100 lines");
		RawLine resumed = lines.get(1);
		assertThat(resumed.parseError()).isNull();
		assertThat(lines.get(0).swallowed().lastLine()).isEqualTo(resumed.lineNo() - 1);
		StagedLine staged = validator(write("r.csv", csv.toString())).validate(lines.get(0));
		assertThat(staged.errors().get(0).message()).contains("lines 2 to " + (resumed.lineNo() - 1)
				+ " were read as one value, so these lines were not read: line 3 'next0', line 4 'next1'",
				"line 12 'next9', and 90 more line(s)");
		assertThat(resumed.fields()[0]).isEqualTo("next" + (resumed.lineNo() - 3));
		RawLine last = lines.get(lines.size() - 1);
		assertThat(last.fields()[0]).isEqualTo("next149");
		assertThat(last.lineNo()).isEqualTo(152);
		assertThat(lines).extracting(RawLine::parseError).filteredOn(e -> e != null).hasSize(1);
	}

	@Test
	void readerRestartsAfterTheSavedPosition() throws Exception {
		Path file = write("r.csv", "image_name,region,oss_bucket,oss_object\na,cn-hangzhou,b1b,1\n\nb,cn-hangzhou,b1b,2\n"
				+ "c,cn-hangzhou,b1b,3\n");
		InventoryReader first = new InventoryReader(file);
		ExecutionContext context = new ExecutionContext();
		first.open(context);
		first.read();
		first.read();
		first.update(context);
		first.close();
		InventoryReader second = new InventoryReader(file);
		second.open(context);
		RawLine next = second.read();
		assertThat(next.lineNo()).isEqualTo(5);
		assertThat(next.fields()[0]).isEqualTo("c");
		assertThat(second.read()).isNull();
		second.close();
	}

}
