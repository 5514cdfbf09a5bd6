package io.megaspark.megalodon.lora;

/**
 * Shifted sparse attention settings (LongLoRA S2-Attn, MODEL.md 3).
 *
 * @param groupSize G, tokens per attention group; must divide the sequence (chunk) length and be even
 * @param mode how the shifted half of the heads is grouped
 */
public record S2Config(int groupSize, ShiftMode mode) {
  public S2Config {
    if (groupSize < 2 || groupSize % 2 != 0) {
      throw new IllegalArgumentException("s2 group_size must be even and >= 2: group_size=" + groupSize);
    }
    if (mode == null) {
      throw new IllegalArgumentException("s2 shift mode must not be null; valid modes: ROLL, SEGMENTS");
    }
  }

  /** Checks that G divides the sequence length N. */
  public void checkLength(int n) {
    if (n % groupSize != 0) {
      throw new IllegalArgumentException(
          "s2 group_size must divide the sequence length: group_size=" + groupSize + ", length=" + n);
    }
  }

  /** Whether the upper half of the heads is shifted at length N: only with two groups or more. */
  public boolean shifts(int n) {
    return n / groupSize >= 2;
  }
}
