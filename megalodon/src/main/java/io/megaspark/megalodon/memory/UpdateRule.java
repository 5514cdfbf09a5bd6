package io.megaspark.megalodon.memory;

/** How a segment is written into Infini-attention's compressive memory (MODEL.md §4). */
public enum UpdateRule {
  /** {@code M += sigma(K)^T V}: additive, so it composes as a prefix sum across segments. */
  LINEAR("linear"),
  /**
   * {@code M += sigma(K)^T (V - sigma(K) M / (sigma(K) z))}: writes only what the memory does not already return
   * for those keys, so a stored binding leaves M unchanged. Not associative across segments.
   */
  DELTA("delta");

  private final String jsonName;

  UpdateRule(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name in the {@code infini} config section: {@code "linear"} or {@code "delta"}. */
  public String jsonName() {
    return jsonName;
  }
}
