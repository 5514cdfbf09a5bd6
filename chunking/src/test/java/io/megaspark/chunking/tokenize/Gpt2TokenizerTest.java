package io.megaspark.chunking.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.Samples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Gpt2TokenizerTest {
  private final Gpt2Tokenizer gpt2 = Gpt2Tokenizer.instance();

  @Test
  void reproducesGpt2Ids() {
    // GPT-2's published ids: "Hello" 15496, " world" 995, "<|endoftext|>" 50256.
    assertArrayEquals(new int[] {15496, 995}, gpt2.encode("Hello world"));
    assertEquals(50256, gpt2.bosId());
    assertEquals(50256, gpt2.eosId());
    assertEquals(50257, gpt2.vocabSize());
  }

  @Test
  void endOfTextInsideADocumentIsOrdinaryText() {
    int[] ids = gpt2.encode("a<|endoftext|>b");
    for (int id : ids) {
      assertTrue(id != 50256, "documents cannot forge framing");
    }
    assertEquals("a<|endoftext|>b", gpt2.decode(ids));
  }

  @Test
  void decodeDropsFramingAndRejectsIdsOutsideTheVocabulary() {
    assertEquals("Hello world", gpt2.decode(new int[] {50256, 15496, 995, 50256}));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> gpt2.decode(new int[] {-1}));
    assertEquals("token id -1 at index 0 is outside the gpt2 vocabulary [0, 50257)", e.getMessage());
  }

  @Test
  void emptyDocumentIsBosEos() throws IOException {
    try (TokenSource s = gpt2.open(new ByteArrayInputStream(new byte[0]))) {
      assertArrayEquals(new int[] {50256, 50256}, s.readAll());
    }
  }

  @Test
  void streamingMatchesWholeStringEncodingOnEverySampleAtSeveralPieceSizes() throws IOException {
    for (Path p : Samples.files()) {
      byte[] raw = Samples.bytes(p);
      int[] expected = ByteTokenizerTest.framed(gpt2, gpt2.encode(raw));
      for (int pieceChars : new int[] {64, 1000, Gpt2Tokenizer.PIECE_CHARS}) {
        try (TokenSource s = gpt2.open(new ByteArrayInputStream(raw), Framing.DOCUMENT, pieceChars)) {
          assertArrayEquals(expected, s.readAll(), p + " with pieces of " + pieceChars + " chars");
          assertEquals(0, s.stats().forcedSplits(), "prose always has a safe cut within 64 chars");
          assertEquals(raw.length, s.stats().bytesRead());
          assertEquals(expected.length, s.stats().tokens());
        }
      }
    }
  }

  @Test
  void invalidUtf8IsReplacedAndCounted() throws IOException {
    byte[] raw = Samples.latin1Caesar();
    long expected = new String(raw, StandardCharsets.UTF_8).chars().filter(c -> c == 0xFFFD).count();
    try (TokenSource s = gpt2.open(new ByteArrayInputStream(raw))) {
      s.readAll();
      assertEquals(expected, s.stats().replacements());
      assertTrue(expected > 0, "the ISO-8859-1 sample has invalid UTF-8");
    }
  }

  @Test
  void textWithoutSafeCutsIsForcedAndCountedAndStillDecodesExactly() throws IOException {
    Random rnd = new Random(5);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      sb.append((char) ('a' + rnd.nextInt(26)));
      if (i % 1777 == 0) {
        sb.append("\uD83D\uDE00"); // an emoji: cuts around it are safe, but never inside it
      }
    }
    String text = sb.toString();
    try (TokenSource s = gpt2.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        Framing.DOCUMENT, 256)) {
      int[] ids = s.readAll();
      assertTrue(s.stats().forcedSplits() >= 15, "about 5000 / 257 forced cuts: " + s.stats());
      assertEquals(text, gpt2.decode(ids), "forced cuts may change ids, never the text");
    }
  }
}
