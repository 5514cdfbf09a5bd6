package io.megaspark.chunking.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.BadRecord;
import io.megaspark.chunking.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryDetectorTest {

  @Test
  void everySampleIsText() {
    for (Path p : Samples.files()) {
      byte[] b = Samples.bytes(p);
      int n = Math.min(b.length, BinaryDetector.HEAD_BYTES);
      assertEquals(Optional.empty(), BinaryDetector.inspectHead(b, n, p.toString()), p.toString());
      assertEquals(-1, BinaryDetector.indexOfNul(b, 0, b.length), p.toString());
    }
  }

  @Test
  void nulByteIsBinaryAtItsOffset() {
    byte[] b = "hello\0world".getBytes(StandardCharsets.UTF_8);
    assertEquals(Optional.of(new BadRecord(BadRecord.Reason.NUL_BYTE, "f", 5)),
        BinaryDetector.inspectHead(b, b.length, "f"));
  }

  @Test
  void utf16TextIsBinary() {
    byte[] b = "plain words".getBytes(StandardCharsets.UTF_16LE);
    assertEquals(BadRecord.Reason.NUL_BYTE, BinaryDetector.inspectHead(b, b.length, "f").orElseThrow().reason());
  }

  @Test
  void manyControlBytesWithoutNulAreBinary() {
    Random rnd = new Random(8);
    byte[] b = new byte[4096];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (1 + rnd.nextInt(255)); // random bytes, no NUL: about 11 percent are control bytes
    }
    BadRecord r = BinaryDetector.inspectHead(b, b.length, "blob").orElseThrow();
    assertEquals(BadRecord.Reason.CONTROL_BYTES, r.reason());
    assertTrue(BinaryDetector.isControl(b[(int) r.byteOffset()]));
  }

  @Test
  void whitespaceEscapeAndLatin1AreNotControlBytes() {
    for (char c : new char[] {'\t', '\n', '\r', '\f', 0x0B, 0x1B, 'a', 0xE9}) {
      assertFalse(BinaryDetector.isControl((byte) c), "byte " + (int) c);
    }
    for (int c : new int[] {0, 1, 7, 8, 0x1F, 0x7F}) {
      assertTrue(BinaryDetector.isControl((byte) c), "byte " + c);
    }
    // A few stray control bytes in a short text (a bell, a backspace) do not make it binary.
    byte[] b = "ding\u0007 oops\u0008!".getBytes(StandardCharsets.UTF_8);
    assertEquals(Optional.empty(), BinaryDetector.inspectHead(b, b.length, "f"));
  }
}
