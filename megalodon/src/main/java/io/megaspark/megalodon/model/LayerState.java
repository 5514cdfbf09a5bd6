package io.megaspark.megalodon.model;

/**
 * The carried state of one block of the model for one row (MODEL.md 1.1-1.3, section 4): what the layer-wise
 * scan (MODEL.md 1.10) feeds a single layer. Arrays are used as given (not copied): callers hand over
 * fresh arrays.
 *
 * @param norm the TimestepNorm statistics before the block
 * @param emaRe [D*N] CEMA h, real part, index d*N+n (as in {@link StreamState#emaRe})
 * @param emaIm [D*N] imaginary part
 * @param memoryM [H*Dz*Dv] Infini memory M per head (as in {@link StreamState#memoryM}), null without memory
 * @param memoryZ [H*Dz] Infini memory z, null without memory
 */
public record LayerState(NormStatistics norm, float[] emaRe, float[] emaIm, double[] memoryM,
    double[] memoryZ) {
  public LayerState {
    if (norm == null || emaRe == null || emaIm == null || emaRe.length != emaIm.length) {
      throw new IllegalArgumentException("norm, emaRe and emaIm must be given, emaRe and emaIm of one"
          + " length [D*N]");
    }
    if ((memoryM == null) != (memoryZ == null)) {
      throw new IllegalArgumentException("memoryM and memoryZ are both given or both null");
    }
  }

  /** Layer {@code l}'s part of a document's state. */
  public static LayerState of(StreamState s, int l) {
    return new LayerState(new NormStatistics(s.normCount(l), s.normMean(l), s.normVar(l)), s.emaRe(l),
        s.emaIm(l), s.hasMemory() ? s.memoryM(l) : null, s.hasMemory() ? s.memoryZ(l) : null);
  }

  /** This state with h replaced (the scan's incoming h, or zero for a local summary). */
  public LayerState withEma(float[] re, float[] im) {
    return new LayerState(norm, re, im, memoryM, memoryZ);
  }

  /** This state with the Infini memory replaced (null arrays: keep none). */
  public LayerState withMemory(double[] m, double[] z) {
    return new LayerState(norm, emaRe, emaIm, m, z);
  }

  /**
   * TimestepNorm statistics of a run of timesteps (MODEL.md 1.3): the step count and, per group, the
   * pooled mean and population variance. Arrays are used as given.
   *
   * @param count steps
   * @param mean [G]
   * @param var [G]
   */
  public record NormStatistics(long count, double[] mean, double[] var) {
    public NormStatistics {
      if (count < 0 || mean == null || var == null || mean.length != var.length) {
        throw new IllegalArgumentException("count must be >= 0 and mean, var arrays of one length [G], got"
            + " count " + count);
      }
    }

    /** No steps: the statistics a document starts from. */
    public static NormStatistics empty(int groups) {
      return new NormStatistics(0, new double[groups], new double[groups]);
    }
  }
}
