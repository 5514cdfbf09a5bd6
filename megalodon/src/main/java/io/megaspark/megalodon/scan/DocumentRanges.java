package io.megaspark.megalodon.scan;

import java.util.Arrays;

/**
 * Contiguous ranges that cover a document's tokens [0, length) in order. Every range starts on a chunk
 * boundary (so attention, which never crosses a chunk, never crosses a range, and no key/value cache
 * is needed, MODEL.md 1.10); only the last range may end inside a chunk.
 *
 * @param starts [P] first token of each range; starts[0] = 0, strictly increasing, multiples of the chunk
 * @param length the document's tokens
 */
public record DocumentRanges(long[] starts, long length) {
  public DocumentRanges {
    if (starts == null || starts.length == 0) {
      throw new IllegalArgumentException("starts: expected at least one range");
    }
    if (starts[0] != 0) {
      throw new IllegalArgumentException("starts[0] must be 0, got " + starts[0]);
    }
    for (int r = 1; r < starts.length; r++) {
      if (starts[r] <= starts[r - 1] || starts[r] >= length) {
        throw new IllegalArgumentException("starts must increase strictly inside [0, " + length
            + "): starts[" + (r - 1) + "] = " + starts[r - 1] + ", starts[" + r + "] = " + starts[r]);
      }
    }
    starts = starts.clone();
  }

  /**
   * Checks the chunk alignment rule.
   *
   * @throws IllegalArgumentException naming the first range that starts inside a chunk
   */
  public DocumentRanges checkAligned(int chunk) {
    for (int r = 0; r < starts.length; r++) {
      if (starts[r] % chunk != 0) {
        throw new IllegalArgumentException("range " + r + " starts at token " + starts[r]
            + ", inside a chunk of " + chunk + ": ranges must start on chunk boundaries");
      }
    }
    return this;
  }

  /** {@code parts} ranges of as equal a number of whole chunks as possible (fewer if chunks run out). */
  public static DocumentRanges even(long length, int chunk, int parts) {
    if (length < 1 || chunk < 1 || parts < 1) {
      throw new IllegalArgumentException("length, chunk and parts must be positive: length=" + length
          + ", chunk=" + chunk + ", parts=" + parts);
    }
    long chunks = (length + chunk - 1) / chunk;
    int p = (int) Math.min(parts, chunks);
    long[] starts = new long[p];
    for (int r = 0; r < p; r++) {
      starts[r] = chunks * r / p * chunk;
    }
    return new DocumentRanges(starts, length);
  }

  /** P. */
  public int count() {
    return starts.length;
  }

  public long start(int r) {
    return starts[r];
  }

  /** One past the last token of range r. */
  public long end(int r) {
    return r + 1 < starts.length ? starts[r + 1] : length;
  }

  @Override
  public long[] starts() {
    return starts.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DocumentRanges d && length == d.length && Arrays.equals(starts, d.starts);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(length) * 31 + Arrays.hashCode(starts);
  }

  @Override
  public String toString() {
    return "DocumentRanges" + Arrays.toString(starts) + " of " + length;
  }
}
