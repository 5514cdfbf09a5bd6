package io.megaspark.megalodon.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Exclusive scans over a document's ranges, in document order. The driver-side work of the layer-wise
 * scan is one of these per summary kind and layer: P combines of small summaries.
 */
public final class Scan {
  private Scan() {}

  /**
   * @param start the summary of everything before the first range (the carried state)
   * @param parts the ranges' local summaries, in document order
   * @param combine an associative operation, earlier argument first
   * @return P+1 values: element r is {@code start + parts[0] + ... + parts[r-1]}, the value entering
   *     range r; the last element is the value after the whole document
   */
  public static <S> List<S> exclusive(S start, List<S> parts, BinaryOperator<S> combine) {
    List<S> out = new ArrayList<>(parts.size() + 1);
    S acc = start;
    out.add(acc);
    for (S part : parts) {
      acc = combine.apply(acc, part);
      out.add(acc);
    }
    return out;
  }
}
