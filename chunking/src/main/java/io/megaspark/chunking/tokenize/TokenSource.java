package io.megaspark.chunking.tokenize;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;

/**
 * A lazily produced token stream, like an {@link java.io.InputStream} of ints. Not thread-safe; closing
 * it closes the underlying input.
 */
public interface TokenSource extends Closeable {

  /**
   * Reads up to {@code len} tokens into {@code dst[off, off + len)}.
   *
   * @return the number of tokens read (at least 1 when {@code len > 0}), or -1 at the end of the stream
   */
  int read(int[] dst, int off, int len) throws IOException;

  /** The framing this stream carries. */
  Framing framing();

  /** Counters so far. */
  TokenizeStats stats();

  /** Reads the rest of the stream into one array: for small documents and tests. */
  default int[] readAll() throws IOException {
    int[] out = new int[1024];
    int n = 0;
    for (int r; (r = read(out, n, out.length - n)) >= 0; ) {
      n += r;
      if (n == out.length) {
        out = Arrays.copyOf(out, Math.multiplyExact(out.length, 2));
      }
    }
    return Arrays.copyOf(out, n);
  }
}
