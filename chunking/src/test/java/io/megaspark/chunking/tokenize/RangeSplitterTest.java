package io.megaspark.chunking.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.BadRecord;
import io.megaspark.chunking.BadRecordException;
import io.megaspark.chunking.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangeSplitterTest {
  private static final List<Tokenizer> TOKENIZERS = List.of(ByteTokenizer.instance(), Gpt2Tokenizer.instance());

  @TempDir Path tmp;

  @Test
  void sevenRangesConcatenateToTheWholeFileOnEverySample() throws IOException {
    for (Path file : Samples.files()) {
      for (Tokenizer t : TOKENIZERS) {
        int[] reference = ByteTokenizerTest.framed(t, t.encode(Samples.bytes(file)));
        int[] whole;
        try (TokenSource s = t.open(Files.newInputStream(file))) {
          whole = s.readAll();
        }
        List<ByteRange> ranges = RangeSplitter.split(file, 7, t.splitRule());
        assertEquals(7, ranges.size(), file + " " + t.name());
        assertContiguous(ranges, Files.size(file));
        assertArrayEquals(reference, whole, file + " " + t.name() + ": streaming = in-memory");
        assertArrayEquals(whole, concat(t, file, ranges), file + " " + t.name() + ": ranges = whole");
      }
    }
  }

  @Test
  void cutsFallOnSplitPointsNearEvenShares() throws IOException {
    Path file = Samples.dir().resolve("carroll-alice.txt");
    long size = Files.size(file);
    List<ByteRange> ranges = RangeSplitter.split(file, 4, new SplitRule.Gpt2PieceBoundary());
    byte[] raw = Samples.bytes(file);
    for (int i = 1; i < ranges.size(); i++) {
      long cut = ranges.get(i).start();
      assertTrue(cut >= size * i / 4 && cut < size * i / 4 + 100, "cut " + cut + " within 100 bytes of its share");
      assertTrue(new SplitRule.Gpt2PieceBoundary().isSplitPoint(raw, (int) cut, 0, raw.length));
    }
  }

  @Test
  void aLongStretchWithoutSplitPointsGivesFewerRangesNeverAWrongCut() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("Intro text. ".getBytes(StandardCharsets.UTF_8));
    out.writeBytes("x".repeat(70_000).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(" outro.".getBytes(StandardCharsets.UTF_8));
    Path file = Files.write(tmp.resolve("long-word.txt"), out.toByteArray());
    Gpt2Tokenizer gpt2 = Gpt2Tokenizer.instance();
    List<ByteRange> ranges = RangeSplitter.split(file, 7, gpt2.splitRule());
    // Every target falls inside the run of x; the first cuts after it are before " outro" and before ".".
    assertEquals(List.of(new ByteRange(0, 70_012), new ByteRange(70_012, 70_018),
        new ByteRange(70_018, 70_019)), ranges);
    int[] whole;
    try (TokenSource s = gpt2.open(Files.newInputStream(file))) {
      whole = s.readAll();
      assertTrue(s.stats().forcedSplits() > 0, "the run is longer than one streaming piece");
    }
    assertArrayEquals(whole, concat(gpt2, file, ranges), "forced cuts fall at the same places");
    assertEquals(out.toString(StandardCharsets.UTF_8), gpt2.decode(whole));
    List<ByteRange> byteRanges = RangeSplitter.split(file, 7, ByteTokenizer.instance().splitRule());
    assertEquals(7, byteRanges.size(), "the byte tokenizer cuts anywhere");
  }

  @Test
  void emptyAndTinyFilesGiveOneRange() throws IOException {
    Path empty = Files.write(tmp.resolve("empty.txt"), new byte[0]);
    assertEquals(List.of(new ByteRange(0, 0)), RangeSplitter.split(empty, 7, new SplitRule.CharacterBoundary()));
    assertArrayEquals(new int[] {256, 257}, concat(ByteTokenizer.instance(), empty, List.of(new ByteRange(0, 0))));
    Path two = Files.write(tmp.resolve("two.txt"), "ab".getBytes(StandardCharsets.UTF_8));
    assertEquals(2, RangeSplitter.split(two, 7, new SplitRule.CharacterBoundary()).size());
  }

  @Test
  void split_missingFile_isAnUnreadableBadRecordNamingThePath() {
    Path missing = tmp.resolve("no-such-file.txt");
    BadRecordException e = assertThrows(BadRecordException.class,
        () -> RangeSplitter.split(missing, 3, new SplitRule.CharacterBoundary()));
    assertEquals(new BadRecord(BadRecord.Reason.UNREADABLE, missing.toString(), 0), e.record());
    assertEquals("cannot read input (in " + missing + " at byte 0): NoSuchFileException: " + missing
        + "; the bytes could not be read, so the document cannot be tokenized; check that the path exists"
        + " and is readable by the user running the job, or run with --on-bad-record=skip", e.getMessage());
  }

  @Test
  void framingFollowsTheRangePosition() {
    assertEquals(Framing.DOCUMENT, Framing.of(new ByteRange(0, 10), 10));
    assertEquals(Framing.FIRST_RANGE, Framing.of(new ByteRange(0, 4), 10));
    assertEquals(Framing.MIDDLE_RANGE, Framing.of(new ByteRange(4, 6), 10));
    assertEquals(Framing.LAST_RANGE, Framing.of(new ByteRange(6, 10), 10));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Framing.of(new ByteRange(6, 11), 10));
    assertEquals("range [6, 11) ends after the end of the file (10 bytes)", e.getMessage());
  }

  static int[] concat(Tokenizer t, Path file, List<ByteRange> ranges) throws IOException {
    int[] all = new int[0];
    for (ByteRange r : ranges) {
      try (TokenSource s = FileRanges.tokenize(t, file, r)) {
        int[] part = s.readAll();
        int[] joined = java.util.Arrays.copyOf(all, all.length + part.length);
        System.arraycopy(part, 0, joined, all.length, part.length);
        all = joined;
      }
    }
    return all;
  }

  private static void assertContiguous(List<ByteRange> ranges, long size) {
    assertEquals(0, ranges.get(0).start());
    for (int i = 1; i < ranges.size(); i++) {
      assertEquals(ranges.get(i - 1).end(), ranges.get(i).start());
      assertTrue(ranges.get(i).length() > 0);
    }
    assertEquals(size, ranges.get(ranges.size() - 1).end());
  }
}
