package io.megaspark.megalodon.rope;

/**
 * Which two dimensions of a head vector form rotated pair i (MODEL.md §1.4 and §2.1).
 *
 * <p>The frequency of pair i is the same in both layouts; only the positions of its two dimensions differ, so
 * converting q/k weights between the layouts is a fixed permutation of the output rows of each head.
 */
public enum RopeLayout {
  /** Pairs (2i, 2i+1): MEGALODON's official code and Meta's LLaMA code (x as complex numbers). */
  INTERLEAVED,
  /** Pairs (i, i + Dz/2): Hugging Face LLaMA's {@code rotate_half}. */
  ROTATE_HALF;

  /** Index of the first (real) dimension of pair {@code pair} in a head of width {@code headDim}. */
  public int first(int pair, int headDim) {
    checkPair(pair, headDim);
    return this == INTERLEAVED ? 2 * pair : pair;
  }

  /** Index of the second (imaginary) dimension of pair {@code pair} in a head of width {@code headDim}. */
  public int second(int pair, int headDim) {
    checkPair(pair, headDim);
    return this == INTERLEAVED ? 2 * pair + 1 : pair + headDim / 2;
  }

  private static void checkPair(int pair, int headDim) {
    if (headDim < 2 || headDim % 2 != 0) {
      throw new IllegalArgumentException("headDim = " + headDim + ": must be even and >= 2");
    }
    if (pair < 0 || pair >= headDim / 2) {
      throw new IllegalArgumentException(
          "pair = " + pair + ": must be in [0, " + headDim / 2 + ") for headDim " + headDim);
    }
  }
}
