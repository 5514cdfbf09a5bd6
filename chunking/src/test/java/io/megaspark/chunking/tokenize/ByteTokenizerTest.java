package io.megaspark.chunking.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.megaspark.chunking.Samples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ByteTokenizerTest {
  private final ByteTokenizer bytes = ByteTokenizer.instance();

  @Test
  void idsAreUtf8BytesWithBosAndEosAfterTheByteRange() {
    assertEquals(260, bytes.vocabSize());
    assertEquals(256, bytes.bosId());
    assertEquals(257, bytes.eosId());
    assertArrayEquals(new int[] {'h', 'i', 0xC3, 0xA9}, bytes.encode("hi\u00E9"));
  }

  @Test
  void emptyDocumentIsBosEos() throws IOException {
    try (TokenSource s = bytes.open(new ByteArrayInputStream(new byte[0]))) {
      assertArrayEquals(new int[] {256, 257}, s.readAll());
      assertEquals(new TokenizeStats(0, 2, 0, 0), s.stats());
    }
  }

  @Test
  void invalidUtf8RoundTripsByteForByte() throws IOException {
    byte[] raw = Samples.latin1Caesar();
    int[] ids;
    try (TokenSource s = bytes.open(new ByteArrayInputStream(raw))) {
      ids = s.readAll();
      assertEquals(0, s.stats().replacements(), "raw bytes are kept, nothing replaced");
    }
    assertEquals(raw.length + 2, ids.length);
    assertArrayEquals(raw, bytes.decodeBytes(ids), "decode drops BOS/EOS and gives back the raw bytes");
  }

  @Test
  void decodeDropsSpecialIdsAndRejectsIdsOutsideTheVocabulary() {
    assertEquals("ok", bytes.decode(new int[] {256, 'o', 258, 'k', 259, 257}));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bytes.decode(new int[] {'a', 260}));
    assertEquals("token id 260 at index 1 is outside the bytes vocabulary [0, 260)", e.getMessage());
  }

  @Test
  void streamEqualsInMemoryEncodingForEverySample() throws IOException {
    for (Path p : Samples.files()) {
      byte[] raw = Samples.bytes(p);
      try (TokenSource s = bytes.open(new Utf8ReaderTest.ChoppyInputStream(raw, new java.util.Random(1)))) {
        assertArrayEquals(framed(bytes, bytes.encode(raw)), s.readAll(), p.toString());
      }
    }
    assertEquals("caf\u00E9", bytes.decode(bytes.encode("caf\u00E9".getBytes(StandardCharsets.UTF_8))));
  }

  static int[] framed(Tokenizer t, int[] body) {
    int[] out = new int[body.length + 2];
    out[0] = t.bosId();
    System.arraycopy(body, 0, out, 1, body.length);
    out[out.length - 1] = t.eosId();
    return out;
  }
}
