package io.megaspark.jobs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class Utf8CheckStreamTest {
  static BadDocument check(byte[] bytes) {
    try (InputStream in = new Utf8CheckStream(new ByteArrayInputStream(bytes), "f.txt", 100)) {
      in.readAllBytes();
      return null;
    } catch (BadDocumentException e) {
      return e.bad();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static boolean validByDecoder(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /**
   * The README's main command reads samples/ with the default policy (--on-bad-record=fail): one book in
   * Latin-1 would stop it before it writes anything.
   */
  @Test
  void everyBundledSample_isWellFormedUtf8() throws IOException {
    Path samples = Path.of(System.getProperty("megaspark.root", "..")).resolve("samples");
    List<Path> books;
    try (Stream<Path> s = Files.list(samples)) {
      books = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    assertEquals(7, books.size(), "samples/ holds the seven held-out books");
    for (Path book : books) {
      assertNull(check(Files.readAllBytes(book)), book.toString());
    }
  }

  @Test
  void wellFormedText_passesWhole() throws IOException {
    byte[] text = "héllo — wörld 😀\ttab\r\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    try (InputStream in = new Utf8CheckStream(new ByteArrayInputStream(text), "f.txt", 0)) {
      assertEquals(text.length, in.readAllBytes().length);
    }
  }

  @Test
  void latin1Byte_reportedAtItsOffsetPlusBase() {
    BadDocument b = check("caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(BadReason.INVALID_UTF8, b.reason());
    assertEquals(103, b.offset()); // base 100 + byte 3
  }

  @Test
  void overlongAndSurrogate_invalidAtTheirFirstByte() {
    assertEquals(101, check(new byte[] {'a', (byte) 0xC0, (byte) 0xAF}).offset());
    assertEquals(101, check(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80}).offset());
  }

  @Test
  void characterCutOffAtTheEnd_invalidAtItsStart() {
    byte[] truncated = Arrays.copyOf("abcdefghijklmnop\u00e9".getBytes(StandardCharsets.UTF_8), 17);
    assertEquals(116, check(truncated).offset());
  }

  @Test
  void emptyInput_isValid() {
    assertNull(check(new byte[0]));
  }

  @Test
  void randomBytes_agreeWithJavasDecoder() {
    Random r = new Random(4);
    for (int i = 0; i < 3000; i++) {
      byte[] b = new byte[r.nextInt(12)];
      for (int k = 0; k < b.length; k++) {
        b[k] = (byte) (r.nextBoolean() ? 'a' + r.nextInt(26) : 0x80 + r.nextInt(128));
      }
      assertEquals(validByDecoder(b), check(b) == null, Arrays.toString(b));
      assertEquals(validByDecoder(b), Utf8Validation.firstInvalid(b, 0, b.length) < 0, Arrays.toString(b));
    }
  }
}
