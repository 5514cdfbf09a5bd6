package io.megaspark.chunking.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.chunking.Samples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8ReaderTest {

  @Test
  void streamingDecodeEqualsStringDecodeOnRandomBytes() throws IOException {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 300; trial++) {
      byte[] bytes = randomMostlyUtf8(rnd, rnd.nextInt(3000));
      String expected = new String(bytes, StandardCharsets.UTF_8);
      Utf8Reader reader = new Utf8Reader(new ChoppyInputStream(bytes, new Random(trial)));
      assertEquals(expected, readAll(reader, 1 + rnd.nextInt(50)), "trial " + trial);
      assertEquals(bytes.length, reader.bytesRead());
    }
  }

  @Test
  void replacementsCountMalformedSequencesOnly() throws IOException {
    byte[] bytes = {'a', (byte) 0xE9, 'b', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, (byte) 0xF0, (byte) 0x9F};
    // 0xE9 then 'b': one malformed byte; EF BF BD is a real U+FFFD (not counted); F0 9F is cut off at the end.
    Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(bytes));
    assertEquals("a\uFFFDb\uFFFD\uFFFD", readAll(reader, 3));
    assertEquals(2, reader.replacements());
  }

  @Test
  void latin1SampleDecodesLikeStringWithCountedReplacements() throws IOException {
    byte[] bytes = Samples.latin1Caesar();
    String expected = new String(bytes, StandardCharsets.UTF_8);
    Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(bytes));
    assertEquals(expected, readAll(reader, 4096));
    long fffd = expected.chars().filter(c -> c == 0xFFFD).count();
    assertEquals(fffd, reader.replacements(), "the sample has no literal U+FFFD");
    assertEquals(true, fffd > 0, "ISO-8859-1 bytes are invalid UTF-8");
  }

  static String readAll(Utf8Reader reader, int chunk) throws IOException {
    StringBuilder sb = new StringBuilder();
    char[] buf = new char[chunk];
    for (int n; (n = reader.read(buf, 0, chunk)) >= 0; ) {
      sb.append(buf, 0, n);
    }
    return sb.toString();
  }

  static byte[] randomMostlyUtf8(Random rnd, int codePoints) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < codePoints; i++) {
      int r = rnd.nextInt(10);
      if (r == 0) {
        out.write(rnd.nextInt(256)); // any byte: often malformed
      } else {
        int cp = r < 5 ? 0x20 + rnd.nextInt(0x5F) : r < 8 ? 0xA0 + rnd.nextInt(0x700) : 0x10000 + rnd.nextInt(0x1000);
        out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  /** Returns bytes in short random reads, as sockets and Hadoop streams do. */
  static final class ChoppyInputStream extends InputStream {
    private final byte[] bytes;
    private final Random rnd;
    private int pos;

    ChoppyInputStream(byte[] bytes, Random rnd) {
      this.bytes = bytes;
      this.rnd = rnd;
    }

    @Override
    public int read() {
      return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + rnd.nextInt(7)), bytes.length - pos);
      System.arraycopy(bytes, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
