package io.megaspark.jobs.run;

import io.megaspark.chunking.tokenize.TokenSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** A {@link TokenSource} as arrays of up to 64K tokens, read lazily. */
final class TokenIterator implements Iterator<int[]> {
  private static final int READ = 1 << 16;

  private final TokenSource source;
  private final String docId;
  private int[] next;
  private boolean end;

  TokenIterator(TokenSource source, String docId) {
    this.source = source;
    this.docId = docId;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !end) {
      int[] buf = new int[READ];
      try {
        int n = source.read(buf, 0, READ);
        if (n < 0) {
          end = true;
        } else {
          next = n == READ ? buf : Arrays.copyOf(buf, n);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read document " + docId + ": " + e.getMessage(), e);
      }
    }
    return next != null;
  }

  @Override
  public int[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int[] out = next;
    next = null;
    return out;
  }
}
