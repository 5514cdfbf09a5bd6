package io.megaspark.megalodon.scan;

import io.megaspark.megalodon.memory.InfiniMemoryReference;
import io.megaspark.megalodon.memory.InfiniMemoryState;
import io.megaspark.megalodon.memory.UpdateRule;

/**
 * What a range writes into one head's Infini memory under the linear rule (MODEL.md 4, 1.10):
 * {@code M += sum_t s(K_t)^T V_t, z += sum_t s(K_t)} does not read the memory, so a range's write is its
 * local sum from empty, summaries add ({@link #combine}), the empty memory is the identity, and the
 * memory entering each range is an exclusive scan of the local sums. The delta rule reads M and z to
 * decide what to write ({@code V - s(K) M / (s(K) z)}), so its writes do not compose this way and a
 * document with delta memory needs the ordered relay ({@link #local} rejects it).
 *
 * <p>These are the laws per head, tested against {@link InfiniMemoryReference}; the layer-wise scan
 * carries all heads of a layer at once as a {@link LayerMemorySummary}.
 */
public final class InfiniMemorySummary {
  private InfiniMemorySummary() {}

  /**
   * The range's write from the empty memory.
   *
   * @param k [T][Dz] keys without positional encoding
   * @param v [T][Dv] values
   * @throws IllegalArgumentException for the delta rule, which is not associative
   */
  public static InfiniMemoryState local(double[][] k, double[][] v, int keyDim, int valueDim,
      UpdateRule rule) {
    if (rule != UpdateRule.LINEAR) {
      throw new IllegalArgumentException("Infini memory with the " + rule.jsonName() + " rule has no"
          + " associative summary (each write reads the memory before it): run the document as an"
          + " ordered relay");
    }
    return InfiniMemoryReference.update(InfiniMemoryState.empty(keyDim, valueDim), k, v, rule);
  }

  /** The memory after {@code earlier} and then {@code later}: M and z add. */
  public static InfiniMemoryState combine(InfiniMemoryState earlier, InfiniMemoryState later) {
    if (earlier.keyDim() != later.keyDim() || earlier.valueDim() != later.valueDim()) {
      throw new IllegalArgumentException("cannot combine memories of [" + earlier.keyDim() + " x "
          + earlier.valueDim() + "] and [" + later.keyDim() + " x " + later.valueDim() + "]");
    }
    double[] m = earlier.m();
    double[] z = earlier.z();
    double[] lm = later.m();
    double[] lz = later.z();
    for (int i = 0; i < m.length; i++) {
      m[i] += lm[i];
    }
    for (int i = 0; i < z.length; i++) {
      z[i] += lz[i];
    }
    return new InfiniMemoryState(earlier.keyDim(), earlier.valueDim(), m, z);
  }
}
