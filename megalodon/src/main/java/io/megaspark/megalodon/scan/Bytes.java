package io.megaspark.megalodon.scan;

import java.nio.ByteBuffer;

/** Shared checks of the summaries' little-endian binary forms. */
final class Bytes {
  private Bytes() {}

  static void expect(ByteBuffer b, int magic, String what) {
    if (b.remaining() < 8) {
      throw new IllegalArgumentException(what + " bytes: expected at least 8 bytes, got " + b.remaining());
    }
    int m = b.getInt();
    if (m != magic) {
      throw new IllegalArgumentException(what + " bytes: bad magic 0x" + Integer.toHexString(m)
          + ", expected 0x" + Integer.toHexString(magic) + " (not a " + what + ")");
    }
  }

  /** Reads a count n and checks that exactly {@code n * bytesPerItem + fixedBytes} bytes remain. */
  static int length(ByteBuffer b, int bytesPerItem, int fixedBytes, String what) {
    int n = b.getInt();
    long need = (long) n * bytesPerItem + fixedBytes;
    if (n <= 0 || need != b.remaining()) {
      throw new IllegalArgumentException(what + " = " + n + " needs " + need
          + " more bytes, got " + b.remaining() + " (truncated or not this format)");
    }
    return n;
  }

  static double[] doubles(ByteBuffer b, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = b.getDouble();
    }
    return a;
  }

  static ByteBuffer putAll(ByteBuffer b, double[] a) {
    for (double v : a) {
      b.putDouble(v);
    }
    return b;
  }
}
