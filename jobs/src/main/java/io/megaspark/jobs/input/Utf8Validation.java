package io.megaspark.jobs.input;

/** Well-formedness of UTF-8 in a byte array (Unicode 15, table 3-7). */
public final class Utf8Validation {
  private Utf8Validation() {}

  /** Offset of the first byte of the first malformed sequence in b[from, to), or -1 if all is well formed. */
  public static int firstInvalid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int x = b[i] & 0xFF;
      int need;
      int lo = 0x80;
      int hi = 0xBF;
      if (x < 0x80) {
        i++;
        continue;
      } else if (x >= 0xC2 && x <= 0xDF) {
        need = 1;
      } else if (x >= 0xE0 && x <= 0xEF) {
        need = 2;
        lo = x == 0xE0 ? 0xA0 : 0x80;
        hi = x == 0xED ? 0x9F : 0xBF;
      } else if (x >= 0xF0 && x <= 0xF4) {
        need = 3;
        lo = x == 0xF0 ? 0x90 : 0x80;
        hi = x == 0xF4 ? 0x8F : 0xBF;
      } else {
        return i;
      }
      if (i + need >= to) {
        return i;
      }
      for (int k = 1; k <= need; k++) {
        int y = b[i + k] & 0xFF;
        if (y < (k == 1 ? lo : 0x80) || y > (k == 1 ? hi : 0xBF)) {
          return i;
        }
      }
      i += need + 1;
    }
    return -1;
  }
}
