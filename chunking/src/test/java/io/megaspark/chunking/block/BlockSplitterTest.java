package io.megaspark.chunking.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.BadRecord;
import io.megaspark.chunking.BadRecordException;
import io.megaspark.chunking.Samples;
import io.megaspark.chunking.tokenize.ByteTokenizer;
import io.megaspark.chunking.tokenize.Framing;
import io.megaspark.chunking.tokenize.Gpt2Tokenizer;
import io.megaspark.chunking.tokenize.TokenSource;
import io.megaspark.chunking.tokenize.Tokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockSplitterTest {
  private final BlockSpec spec = new BlockSpec(16, 4); // T = 64

  @Test
  void blocksAreFullExceptTheLastAndConcatenateToTheStream() throws IOException {
    for (Tokenizer t : List.of(ByteTokenizer.instance(), Gpt2Tokenizer.instance())) {
      Path file = Samples.dir().resolve("blake-poems.txt");
      byte[] raw = Samples.bytes(file);
      int[] stream;
      try (TokenSource s = t.open(new ByteArrayInputStream(raw))) {
        stream = s.readAll();
      }
      List<TokenBlock> blocks = blocks("blake", t, raw, spec);
      assertEquals(spec.blockCount(stream.length), blocks.size());
      int offset = 0;
      for (TokenBlock b : blocks) {
        assertEquals(offset / 64, b.blockIndex());
        assertEquals(offset, b.firstToken());
        boolean final_ = b.blockIndex() == blocks.size() - 1;
        assertEquals(final_, b.last());
        assertTrue(final_ || b.tokens().length == 64, "only the last block may be short");
        for (int tok : b.tokens()) {
          assertEquals(stream[offset++], tok);
        }
      }
      assertEquals(stream.length, offset);
      assertEquals(t.bosId(), blocks.get(0).tokens()[0]);
    }
  }

  @Test
  void sameInputGivesSameBlocksEveryRun() {
    byte[] raw = Samples.bytes(Samples.dir().resolve("carroll-alice.txt"));
    List<TokenBlock> a = blocks("alice", ByteTokenizer.instance(), raw, spec);
    List<TokenBlock> b = blocks("alice", ByteTokenizer.instance(), raw, spec);
    assertEquals(a, b);
    assertEquals("alice#3", a.get(3).blockId());
  }

  @Test
  void emptyDocumentIsOneLastBlockOfBosEos() {
    List<TokenBlock> blocks = blocks("empty", ByteTokenizer.instance(), new byte[0], spec);
    assertEquals(List.of(new TokenBlock("empty", 0, 0, new int[] {256, 257}, true)), blocks);
  }

  @Test
  void streamOfExactlyTTokensIsOneFullLastBlockWithNoEmptyBlockAfter() {
    byte[] raw = "x".repeat(62).getBytes(StandardCharsets.UTF_8); // 62 + BOS + EOS = 64 = T
    List<TokenBlock> blocks = blocks("exact", ByteTokenizer.instance(), raw, spec);
    assertEquals(1, blocks.size());
    assertEquals(64, blocks.get(0).tokens().length);
    assertTrue(blocks.get(0).last());
  }

  @Test
  void rangeStreamStartsAtItsBlockAndIsNotLastWithoutEos() {
    byte[] raw = "y".repeat(100).getBytes(StandardCharsets.UTF_8);
    TokenSource middle = ByteTokenizer.instance().open(new ByteArrayInputStream(raw), Framing.MIDDLE_RANGE);
    BlockSplitter splitter = new BlockSplitter("doc", middle, spec, 128);
    TokenBlock first = splitter.next();
    assertEquals(2, first.blockIndex());
    assertEquals(128, first.firstToken());
    TokenBlock second = splitter.next();
    assertEquals(36, second.tokens().length);
    assertFalse(second.last(), "the document goes on after this range");
    assertFalse(splitter.hasNext());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BlockSplitter("doc", middle, spec, 100));
    assertEquals("firstToken: 100, must be a multiple of the block length 64", e.getMessage());
  }

  @Test
  void readError_isAnUnreadableBadRecordNamingDocumentAndOffset() {
    InputStream failing = new InputStream() {
      private int served;

      @Override
      public int read() throws IOException {
        if (served++ < 100) {
          return 'z';
        }
        throw new IOException("disk went away");
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len && served < 100) {
          b[off + n++] = (byte) read();
        }
        if (n == 0) {
          read();
        }
        return n;
      }
    };
    BlockSplitter splitter = new BlockSplitter("doc-7", ByteTokenizer.instance().open(failing), spec);
    BadRecordException e = assertThrows(BadRecordException.class, () -> {
      while (splitter.hasNext()) {
        splitter.next();
      }
    });
    assertEquals(new BadRecord(BadRecord.Reason.UNREADABLE, "doc-7", 100), e.record());
    assertEquals("cannot read input (in doc-7 at byte 100): IOException: disk went away; the bytes could"
        + " not be read, so the document cannot be tokenized; check that the path exists and is readable"
        + " by the user running the job, or run with --on-bad-record=skip", e.getMessage());
  }

  @Test
  void tokenBlock_emptyTokens_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TokenBlock("d", 0, 0, new int[0], true));
    assertEquals("tokens of block 0 of d: empty, a block holds at least one token", e.getMessage());
    assertArrayEquals(new int[] {1}, new TokenBlock("d", 0, 0, new int[] {1}, true).tokens());
  }

  static List<TokenBlock> blocks(String docId, Tokenizer t, byte[] raw, BlockSpec spec) {
    List<TokenBlock> out = new ArrayList<>();
    new BlockSplitter(docId, t.open(new ByteArrayInputStream(raw)), spec).forEachRemaining(out::add);
    return out;
  }
}
