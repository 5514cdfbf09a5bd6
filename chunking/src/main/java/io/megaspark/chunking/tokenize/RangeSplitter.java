package io.megaspark.chunking.tokenize;

import io.megaspark.chunking.ChunkingErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts one huge file into byte ranges that tokenize independently: the ranges' token streams (each framed
 * with {@link Framing#of}) concatenate to exactly the whole file's stream. Each cut is the first split
 * point of the tokenizer's {@link SplitRule} at or after an even share of the file, so the result is
 * deterministic and the ranges are about equal. A stretch with no split point (a 100 MB line of letters
 * under BPE) yields fewer ranges than asked for, never a wrong cut.
 */
public final class RangeSplitter {
  /** Bytes examined per positioned read while looking for a split point. */
  static final int WINDOW = 1 << 16;

  private RangeSplitter() {}

  /**
   * Splits a local file into at most {@code ranges} contiguous ranges covering it.
   *
   * @throws io.megaspark.chunking.BadRecordException (reason UNREADABLE, naming the path) if the file
   *     cannot be read
   */
  public static List<ByteRange> split(Path file, int ranges, SplitRule rule) {
    try (RandomAccessInput in = RandomAccessInput.of(file)) {
      return split(in, ranges, rule);
    } catch (IOException e) {
      throw ChunkingErrors.unreadable(file.toString(), 0, e);
    }
  }

  /** Splits an input into at most {@code ranges} contiguous ranges covering it, in order. */
  public static List<ByteRange> split(RandomAccessInput in, int ranges, SplitRule rule) throws IOException {
    Objects.requireNonNull(rule, "rule");
    if (ranges < 1) {
      throw new IllegalArgumentException("ranges: " + ranges + ", must be >= 1");
    }
    long size = in.size();
    List<ByteRange> out = new ArrayList<>(ranges);
    long start = 0;
    for (int i = 1; i < ranges; i++) {
      long target = Math.max(evenShare(size, i, ranges), start + 1);
      if (target >= size) {
        break;
      }
      long cut = nextSplitPoint(in, target, size, rule);
      if (cut >= size) {
        break;
      }
      out.add(new ByteRange(start, cut));
      start = cut;
    }
    out.add(new ByteRange(start, size));
    return out;
  }

  /** size * i / n without overflow for any file size. */
  private static long evenShare(long size, int i, int n) {
    return size / n * i + size % n * i / n;
  }

  /** The first split point p with from <= p < size, or size if there is none. */
  static long nextSplitPoint(RandomAccessInput in, long from, long size, SplitRule rule) throws IOException {
    byte[] buf = new byte[WINDOW + 2 * SplitRule.CONTEXT];
    for (long pos = from; pos < size; pos += WINDOW) {
      long readStart = Math.max(0, pos - SplitRule.CONTEXT);
      long candidatesEnd = Math.min(size, pos + WINDOW);
      long readEnd = Math.min(size, candidatesEnd + SplitRule.CONTEXT);
      int hi = (int) (readEnd - readStart);
      in.readFully(readStart, buf, 0, hi);
      for (long p = pos; p < candidatesEnd; p++) {
        if (rule.isSplitPoint(buf, (int) (p - readStart), 0, hi)) {
          return p;
        }
      }
    }
    return size;
  }
}
