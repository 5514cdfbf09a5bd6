package io.megaspark.jobs.longdoc;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.memory.UpdateRule;

/**
 * The model's extra recurrent memory, which decides whether the layer-wise scan applies (MODEL.md 1.10,
 * section 4): MEGALODON's own CEMA and TimestepNorm states always scan; Infini-attention's linear
 * update {@code M += s(K)^T V, z += sum s(K)} is additive, so its (M, z) writes scan the same way (one
 * more round per layer); its delta update reads M and z through a division, is not associative, and
 * forces the ordered relay.
 */
public enum MemoryMode {
  /** No Infini memory: the scan is exact. */
  NONE,
  /** Infini memory with the linear update: the scan adds a memory round per layer. */
  INFINI_LINEAR,
  /** Infini memory with the delta update: not associative, so relay. */
  INFINI_DELTA;

  /** The memory of a model config (with the job's overrides); NONE for a model built in code (null). */
  public static MemoryMode of(MegalodonConfig config) {
    if (config == null || !config.infini().enabled()) {
      return NONE;
    }
    return config.infini().update() == UpdateRule.LINEAR ? INFINI_LINEAR : INFINI_DELTA;
  }

  /** Whether the layer-wise scan is exact with this memory. */
  public boolean scans() {
    return this != INFINI_DELTA;
  }

  /** Why the scan is not used, for the job's log and result; null when it is. */
  public String whyRelay() {
    return this != INFINI_DELTA ? null : "Infini memory with the delta update is not associative (each"
        + " write reads the memory before it, through a division), so no parallel scan is exact";
  }
}
