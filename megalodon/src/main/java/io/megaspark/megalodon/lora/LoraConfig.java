package io.megaspark.megalodon.lora;

import java.util.EnumSet;
import java.util.Set;

/**
 * LoRA settings (Hu et al. 2021; LongLoRA, MODEL.md 3): each targeted weight W (out × in) becomes
 * {@code W + (alpha/rank)·B·A} with A (rank × in) and B (out × rank); dropout is applied to the adapter's
 * input only.
 *
 * @param rank r, positive
 * @param alpha the scale numerator; the adapter output is multiplied by alpha/rank
 * @param dropout probability of zeroing an adapter input during training, in [0, 1)
 * @param targets the adapted projections, not empty
 */
public record LoraConfig(int rank, double alpha, double dropout, Set<LoraTarget> targets) {
  public LoraConfig {
    if (rank <= 0) {
      throw new IllegalArgumentException("lora rank must be positive: rank=" + rank);
    }
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("lora alpha must be positive: alpha=" + alpha);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("lora dropout must be in [0, 1): dropout=" + dropout);
    }
    if (targets == null || targets.isEmpty()) {
      throw new IllegalArgumentException("lora targets must not be empty; valid targets: wz, wv, wr, wh1, wh2");
    }
    targets = Set.copyOf(EnumSet.copyOf(targets));
  }

  /** LongLoRA's settings (r 8, alpha 16, dropout 0) on Z, V, R and the output projection wh2. */
  public static LoraConfig longLora() {
    return new LoraConfig(8, 16, 0, EnumSet.of(LoraTarget.WZ, LoraTarget.WV, LoraTarget.WR, LoraTarget.WH2));
  }

  /** alpha / rank, the factor on B·A. */
  public double scale() {
    return alpha / rank;
  }
}
