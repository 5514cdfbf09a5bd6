package io.megaspark.jobs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextCheckStreamTest {
  static BadDocument check(byte[] bytes) {
    try (InputStream in = new TextCheckStream(new ByteArrayInputStream(bytes), "f.txt", 100)) {
      in.readAllBytes();
      return null;
    } catch (BadDocumentException e) {
      return e.bad();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void wellFormedText_passesWhole() throws IOException {
    byte[] text = "héllo — wörld 😀\ttab\r\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    try (InputStream in = new TextCheckStream(new ByteArrayInputStream(text), "f.txt", 0)) {
      assertEquals(text.length, in.readAllBytes().length);
    }
  }

  @Test
  void nulByteInText_reportedAtItsOffsetPlusBase() {
    BadDocument b = check("some text\0more".getBytes(StandardCharsets.UTF_8));
    assertEquals(BadReason.NUL_BYTE, b.reason());
    assertEquals(109, b.offset()); // base 100 + byte 9
  }

  @Test
  void latin1Byte_reportedAsInvalidUtf8AtTheByte() {
    BadDocument b = check("caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(BadReason.INVALID_UTF8, b.reason());
    assertEquals(103, b.offset());
  }

  @Test
  void overlongSurrogateAndTruncatedSequences_invalid() {
    byte[] text = "a plain text line long enough to carry one bad sequence: ".getBytes(StandardCharsets.UTF_8);
    byte[] overlong = java.util.Arrays.copyOf(text, text.length + 2);
    overlong[text.length] = (byte) 0xC0;
    overlong[text.length + 1] = (byte) 0xAF;
    assertEquals(BadReason.INVALID_UTF8, check(overlong).reason());
    assertEquals(100 + text.length, check(overlong).offset());
    byte[] surrogate = java.util.Arrays.copyOf(text, text.length + 3);
    surrogate[text.length] = (byte) 0xED;
    surrogate[text.length + 1] = (byte) 0xA0;
    surrogate[text.length + 2] = (byte) 0x80;
    assertEquals(BadReason.INVALID_UTF8, check(surrogate).reason());
    byte[] truncated = java.util.Arrays.copyOf("abcdefghijklmnop\u00e9".getBytes(StandardCharsets.UTF_8), 17);
    BadDocument end = check(truncated);
    assertEquals(BadReason.INVALID_UTF8, end.reason());
    assertEquals(116, end.offset());
  }

  @Test
  void randomBytes_reportedAsBinaryAtTheStart() {
    byte[] b = new byte[20000];
    new Random(1).nextBytes(b);
    BadDocument bad = check(b);
    assertEquals(BadReason.BINARY, bad.reason());
    assertEquals(100, bad.offset());
  }

  @Test
  void nulAfterTheFirstWindow_reportedWhenRead() {
    byte[] b = ("x".repeat(TextCheckStream.WINDOW + 50) + "\0").getBytes(StandardCharsets.UTF_8);
    assertEquals(BadReason.NUL_BYTE, check(b).reason());
    assertEquals(100 + TextCheckStream.WINDOW + 50, check(b).offset());
  }

  @Test
  void emptyInput_isText() {
    assertEquals(null, check(new byte[0]));
  }

  @Test
  void utf8Validation_agreesWithStreamCheck() {
    Random r = new Random(4);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[r.nextInt(12)];
      for (int k = 0; k < b.length; k++) {
        b[k] = (byte) (r.nextBoolean() ? 'a' + r.nextInt(26) : 0x80 + r.nextInt(128));
      }
      boolean valid = Utf8Validation.firstInvalid(b, 0, b.length) < 0;
      assertEquals(validByDecoder(b), valid, java.util.Arrays.toString(b));
    }
  }

  static boolean validByDecoder(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }
}
