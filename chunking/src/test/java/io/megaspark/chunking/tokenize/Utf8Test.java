package io.megaspark.chunking.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
  @Test
  void decodeAtAgreesWithTheJdkDecoderOnEveryShortSequence() {
    Random rnd = new Random(3);
    // Every 1- and 2-byte sequence, then random 3- and 4-byte ones biased to lead bytes.
    for (int b0 = 0; b0 < 256; b0++) {
      check(new byte[] {(byte) b0});
      for (int b1 = 0; b1 < 256; b1++) {
        check(new byte[] {(byte) b0, (byte) b1});
      }
    }
    for (int i = 0; i < 200_000; i++) {
      int len = 3 + rnd.nextInt(2);
      byte[] b = new byte[len];
      b[0] = (byte) (0xE0 + rnd.nextInt(32));
      for (int k = 1; k < len; k++) {
        b[k] = (byte) (rnd.nextInt(8) == 0 ? rnd.nextInt(256) : 0x80 + rnd.nextInt(64));
      }
      check(b);
    }
  }

  @Test
  void codePointBeforeFindsOnlyWellFormedSequences() {
    byte[] euro = "a\u20AC".getBytes(StandardCharsets.UTF_8);
    assertEquals(0x20AC, Utf8.codePointBefore(euro, euro.length, 0));
    assertEquals('a', Utf8.codePointBefore(euro, 1, 0));
    assertEquals(-1, Utf8.codePointBefore(euro, 2, 0), "inside the euro sign");
    byte[] latin1 = {'x', (byte) 0xE9, ' '};
    assertEquals(-1, Utf8.codePointBefore(latin1, 2, 0), "a lone ISO-8859-1 byte is malformed");
    byte[] emoji = "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
    assertEquals(0x1F600, Utf8.codePointBefore(emoji, 4, 0));
    assertEquals(-1, Utf8.codePointBefore(emoji, 4, 1), "the lead byte is outside the window");
  }

  /** decodeAt must accept exactly the sequences the JDK decodes as one whole code point. */
  private static void check(byte[] b) {
    // Malformed input decodes to U+FFFD, which does not encode back to the same bytes.
    String s = new String(b, StandardCharsets.UTF_8);
    boolean one = Arrays.equals(s.getBytes(StandardCharsets.UTF_8), b) && s.codePointCount(0, s.length()) == 1;
    int expected = one ? s.codePointAt(0) : -1;
    int d = Utf8.decodeAt(b, 0, b.length);
    int actual = d >= 0 && d >>> 21 == b.length ? d & 0x1FFFFF : -1;
    assertEquals(expected, actual, () -> "bytes " + HexFormat.of().formatHex(b));
  }
}
