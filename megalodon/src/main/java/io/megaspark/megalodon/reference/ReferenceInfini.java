package io.megaspark.megalodon.reference;

import io.megaspark.megalodon.memory.InfiniMemoryOutput;
import io.megaspark.megalodon.memory.InfiniMemoryReference;
import io.megaspark.megalodon.memory.InfiniMemoryState;
import io.megaspark.megalodon.memory.UpdateRule;

/**
 * Infini-attention's compressive memory inside the MEGALODON block (MODEL.md 4 adapted to 1.1 step 8), per
 * head, one segment per attention chunk:
 *
 * <ol>
 *   <li>the memory path uses the head's Q and K after the (gamma, beta) affine and before RoPE, and its V;
 *   <li>each chunk reads with the memory as it was before the chunk, gates
 *       {@code sigmoid(beta_h) A_mem + (1 - sigmoid(beta_h)) A_dot} with A_dot the chunk's own attention, then
 *       writes the chunk (linear or delta rule);
 *   <li>the mixed output replaces the chunk attention output O, before the reset gate R.
 * </ol>
 *
 * The per-head work is {@link InfiniMemoryReference#sequence}, the memory package's tested oracle; this class
 * only slices heads out of the block's [T][H*W] rows and puts them back.
 */
final class ReferenceInfini {
  private ReferenceInfini() {}

  /**
   * @param output [T][H*Dv] the gated attention output
   * @param memory [H] each head's memory after the block
   */
  record Result(double[][] output, InfiniMemoryState[] memory) {}

  /**
   * @param q [T][H*Dz] queries before RoPE
   * @param k [T][H*Dz] keys before RoPE
   * @param v [T][H*Dv] values
   * @param localAttention [T][H*Dv] A_dot, the chunk-local softmax attention (with RoPE)
   * @param memory [H] each head's memory before the block
   * @param beta [H] gate logits
   */
  static Result apply(double[][] q, double[][] k, double[][] v, double[][] localAttention, int chunk,
      InfiniMemoryState[] memory, double[] beta, UpdateRule rule) {
    int heads = memory.length;
    if (beta.length != heads) {
      throw new IllegalArgumentException("beta: expected [" + heads + "], got [" + beta.length + "]");
    }
    int t = q.length;
    int dz = memory[0].keyDim();
    int dv = memory[0].valueDim();
    double[][] out = new double[t][heads * dv];
    InfiniMemoryState[] next = new InfiniMemoryState[heads];
    for (int h = 0; h < heads; h++) {
      InfiniMemoryOutput o = InfiniMemoryReference.sequence(memory[h], head(q, h, dz), head(k, h, dz),
          head(v, h, dv), head(localAttention, h, dv), beta[h], rule, chunk);
      for (int s = 0; s < t; s++) {
        System.arraycopy(o.output()[s], 0, out[s], h * dv, dv);
      }
      next[h] = o.next();
    }
    return new Result(out, next);
  }

  /** [T][H*W] -> head h's [T][W]. */
  private static double[][] head(double[][] x, int h, int width) {
    double[][] out = new double[x.length][width];
    for (int s = 0; s < x.length; s++) {
      System.arraycopy(x[s], h * width, out[s], 0, width);
    }
    return out;
  }
}
