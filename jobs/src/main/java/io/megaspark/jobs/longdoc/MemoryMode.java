package io.megaspark.jobs.longdoc;

/**
 * The model's extra recurrent memory, which decides whether the layer-wise scan applies (MODEL.md 1.10,
 * section 4): MEGALODON's own CEMA and TimestepNorm states always scan; Infini-attention's linear
 * update {@code M += s(K)^T V, z += sum s(K)} is additive and would scan the same way; its delta update
 * reads M and z through a division, is not associative, and forces the ordered relay.
 */
public enum MemoryMode {
  /** No Infini memory: the scan is exact. */
  NONE,
  /** Infini memory with the linear update: associative, but this build has no (M, z) scan, so relay. */
  INFINI_LINEAR,
  /** Infini memory with the delta update: not associative, so relay. */
  INFINI_DELTA;

  /** Whether this build can run the layer-wise scan with this memory. */
  public boolean scans() {
    return this == NONE;
  }

  /** Why the scan is not used, for the job's log; null when it is. */
  public String whyRelay() {
    return switch (this) {
      case NONE -> null;
      case INFINI_LINEAR -> "Infini memory (linear update) is associative, but this build has no scan"
          + " of its (M, z) summaries";
      case INFINI_DELTA -> "Infini memory with the delta update is not associative (the update divides"
          + " by the current memory), so no parallel scan is exact";
    };
  }
}
