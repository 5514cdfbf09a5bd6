package io.megaspark.chunking.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.megaspark.chunking.BadRecord;
import io.megaspark.chunking.BadRecordException;
import io.megaspark.chunking.Samples;
import io.megaspark.chunking.block.BlockSpec;
import io.megaspark.chunking.block.BlockSplitter;
import io.megaspark.chunking.tokenize.ByteTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextInspectorTest {
  @TempDir Path tmp;

  @Test
  void guardPassesTextThroughUnchanged() throws IOException {
    // invalid UTF-8 is the tokenizers' business (counted replacements), not a bad record
    byte[] raw = Samples.latin1Caesar();
    Path p = Files.write(tmp.resolve("caesar-latin1.txt"), raw);
    try (InputStream g = TextInspector.guard(new ByteArrayInputStream(raw), p.toString())) {
      assertArrayEquals(raw, g.readAllBytes());
    }
    assertEquals(Optional.empty(), TextInspector.scan(p));
  }

  @Test
  void nulFarIntoTheFileIsReportedAtItsOffsetWhileStreaming() throws IOException {
    byte[] raw = Samples.bytes(Samples.dir().resolve("carroll-alice.txt"));
    raw[100_000] = 0;
    Path file = Files.write(tmp.resolve("alice-with-nul.txt"), raw);
    BadRecord expected = new BadRecord(BadRecord.Reason.NUL_BYTE, file.toString(), 100_000);
    assertEquals(Optional.of(expected), TextInspector.scan(file));
    // Guarding the stream a tokenizer reads: the block splitter surfaces the bad record as it meets it.
    BlockSplitter splitter = new BlockSplitter("alice", ByteTokenizer.instance().open(
        TextInspector.guard(Files.newInputStream(file), file.toString())), new BlockSpec(256, 4));
    BadRecordException e = assertThrows(BadRecordException.class, () -> splitter.forEachRemaining(b -> { }));
    assertEquals(expected, e.record());
    assertEquals("input is not text: a NUL byte (in " + file + " at byte 100000); text files never contain"
        + " NUL bytes, so this is a binary file or UTF-16 text; remove it from the input, convert it to"
        + " UTF-8, or run with --on-bad-record=skip to skip and count such records", e.getMessage());
  }

  @Test
  void binaryHeadIsRejectedBeforeAnyByteIsHandedOut() {
    byte[] raw = new byte[20_000];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) (i % 3 == 0 ? 0x01 : 'x');
    }
    InputStream g = TextInspector.guard(new ByteArrayInputStream(raw), "doc-9");
    BadRecordException e = assertThrows(BadRecordException.class, () -> g.read(new byte[10]));
    assertEquals(new BadRecord(BadRecord.Reason.CONTROL_BYTES, "doc-9", 0), e.record());
  }

  @Test
  void emptyInputIsText() {
    assertEquals(Optional.empty(), TextInspector.scan(new ByteArrayInputStream(new byte[0]), "empty"));
  }

  @Test
  void scan_missingFile_isUnreadableNamingThePath() {
    Path missing = tmp.resolve("gone.txt");
    assertEquals(Optional.of(new BadRecord(BadRecord.Reason.UNREADABLE, missing.toString(), 0)),
        TextInspector.scan(missing));
  }
}
