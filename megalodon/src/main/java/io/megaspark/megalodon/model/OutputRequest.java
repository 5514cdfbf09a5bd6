package io.megaspark.megalodon.model;

/**
 * What a {@link MegalodonModel#forward} call returns besides the next states. Only the requested outputs
 * are computed and copied out of TensorFlow.
 *
 * @param logits the [B][T][V] logits
 * @param targets [B][T] target ids whose log-probability to return ({@code -1} = no target), or null
 * @param hidden the [B][T][D] final hidden states (after the output TimestepNorm)
 * @param hiddenMean the [B][D] mean of the final hidden states over each row's valid tokens
 * @param layerHidden debugging: the [L][B][T][D] output of every block
 */
public record OutputRequest(boolean logits, int[][] targets, boolean hidden, boolean hiddenMean,
    boolean layerHidden) {

  /** The four user-facing outputs, no per-layer debug output. */
  public OutputRequest(boolean logits, int[][] targets, boolean hidden, boolean hiddenMean) {
    this(logits, targets, hidden, hiddenMean, false);
  }

  public static OutputRequest logitsOnly() {
    return new OutputRequest(true, null, false, false);
  }

  /** Log-probabilities of the given next tokens, [B][T] ({@code -1} = none). */
  public static OutputRequest targets(int[][] targets) {
    if (targets == null) {
      throw new IllegalArgumentException("targets must not be null");
    }
    return new OutputRequest(false, targets, false, false);
  }

  public static OutputRequest hiddenMeanOnly() {
    return new OutputRequest(false, null, false, true);
  }

  /** Only the next states. */
  public static OutputRequest stateOnly() {
    return new OutputRequest(false, null, false, false);
  }

  /** This request plus the per-layer hidden outputs. */
  public OutputRequest withLayerHidden() {
    return new OutputRequest(logits, targets, hidden, hiddenMean, true);
  }

  /** This request plus the final hidden states. */
  public OutputRequest withHidden() {
    return new OutputRequest(logits, targets, true, hiddenMean, layerHidden);
  }
}
