package io.megaspark.chunking.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
  private final CharsetDecoder strict =
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

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
  private void check(byte[] b) {
    int expected;
    try {
      CharBuffer c = strict.reset().decode(ByteBuffer.wrap(b));
      expected = c.length() > 0 && Character.charCount(Character.codePointAt(c, 0)) == c.length()
          && Character.toString(Character.codePointAt(c, 0)).getBytes(StandardCharsets.UTF_8).length
              == b.length ? Character.codePointAt(c, 0) : -1;
    } catch (CharacterCodingException e) {
      expected = -1;
    }
    int d = Utf8.decodeAt(b, 0, b.length);
    int actual = d >= 0 && d >>> 21 == b.length ? d & 0x1FFFFF : -1;
    assertEquals(expected, actual, () -> "bytes " + java.util.HexFormat.of().formatHex(b));
  }
}
