package io.megaspark.megalodon.memory;

import java.util.Arrays;

/**
 * What one head produces for a segment or a run of segments: the gated output, the memory read alone, and the
 * memory after the last segment.
 *
 * @param output [C][Dv] {@code sigmoid(beta) A_mem + (1 - sigmoid(beta)) A_dot}
 * @param memoryRead [C][Dv] {@code A_mem}, read from the memory as it was before each token's segment
 * @param next the memory after writing the segment(s)
 */
public record InfiniMemoryOutput(double[][] output, double[][] memoryRead, InfiniMemoryState next) {
  @Override
  public boolean equals(Object o) {
    return o instanceof InfiniMemoryOutput r
        && Arrays.deepEquals(output, r.output)
        && Arrays.deepEquals(memoryRead, r.memoryRead)
        && next.equals(r.next);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(output) * 31 + next.hashCode();
  }

  @Override
  public String toString() {
    return "InfiniMemoryOutput[output=" + Arrays.deepToString(output) + ", memoryRead="
        + Arrays.deepToString(memoryRead) + ", next=" + next + "]";
  }
}
