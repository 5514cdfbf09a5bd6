package io.megaspark.chunking.tokenize;

/**
 * The bytes [start, end) of a file.
 *
 * @param start first byte, inclusive
 * @param end last byte, exclusive
 */
public record ByteRange(long start, long end) {
  public ByteRange {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "byte range [" + start + ", " + end + "): must have 0 <= start <= end");
    }
  }

  public long length() {
    return end - start;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
