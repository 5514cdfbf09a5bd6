package io.megaspark.chunking.tokenize;

/**
 * Well-formed UTF-8 code points in a byte window (Unicode 15, table 3-7). Used to find split points in raw
 * bytes: a UTF-8 decoder never treats a lead byte as a continuation byte, so it is in step at the start
 * of every well-formed sequence, and cutting there decodes both sides exactly as the whole.
 */
final class Utf8 {
  private Utf8() {}

  /** Whether b is a continuation byte 10xxxxxx. */
  static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  /**
   * The code point of the well-formed sequence starting at {@code p}, packed as {@code cp | length << 21},
   * or -1 if the bytes at p, up to {@code hi}, are not a complete well-formed sequence.
   */
  static int decodeAt(byte[] b, int p, int hi) {
    if (p >= hi) {
      return -1;
    }
    int b0 = b[p] & 0xFF;
    if (b0 < 0x80) {
      return b0 | 1 << 21;
    }
    int len;
    int lo2 = 0x80;
    int hi2 = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      lo2 = b0 == 0xE0 ? 0xA0 : 0x80;
      hi2 = b0 == 0xED ? 0x9F : 0xBF;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      lo2 = b0 == 0xF0 ? 0x90 : 0x80;
      hi2 = b0 == 0xF4 ? 0x8F : 0xBF;
    } else {
      return -1;
    }
    if (p + len > hi) {
      return -1;
    }
    int b1 = b[p + 1] & 0xFF;
    if (b1 < lo2 || b1 > hi2) {
      return -1;
    }
    int cp = b0 & (0x7F >> len);
    for (int i = 1; i < len; i++) {
      int bi = b[p + i] & 0xFF;
      if ((bi & 0xC0) != 0x80) {
        return -1;
      }
      cp = cp << 6 | bi & 0x3F;
    }
    return cp | len << 21;
  }

  /** The code point of a well-formed sequence ending exactly at {@code p} (exclusive), or -1. */
  static int codePointBefore(byte[] b, int p, int lo) {
    for (int k = 1; k <= 4 && p - k >= lo; k++) {
      if (isContinuation(b[p - k]) && k < 4) {
        continue;
      }
      int d = decodeAt(b, p - k, p);
      return d >= 0 && d >>> 21 == k ? d & 0x1FFFFF : -1;
    }
    return -1;
  }

  /** The code point of a well-formed sequence starting at {@code p}, or -1. */
  static int codePointAt(byte[] b, int p, int hi) {
    int d = decodeAt(b, p, hi);
    return d < 0 ? -1 : d & 0x1FFFFF;
  }
}
