package io.megaspark.megalodon.train;

/**
 * AdamW settings (Loshchilov and Hutter, "Decoupled Weight Decay Regularization"). The defaults are the
 * MEGALODON paper's recipe (MODEL.md 1.5): betas 0.9 / 0.95, eps 1e-8, weight decay 0.1.
 *
 * <p>Which tensors decay is decided by {@link #decays(String)}: only the projection matrices (Z, V, R,
 * both output projections, the FFN and the LM head) decay. Embeddings, every norm weight and bias, all
 * biases, the CEMA parameters, the Q/K affine (gamma, beta) and LoRA adapters do not. This follows the
 * common practice (GPT-2 / nanoGPT style) of decaying only matrices that multiply activations: decaying a
 * plus-one norm weight or a CEMA logit pulls it towards an arbitrary point (for example sigmoid 0.5), not
 * towards "no effect". LongLoRA fine-tunes with weight decay 0, which {@code weightDecay = 0} gives.
 *
 * @param beta1 first-moment decay, in [0, 1)
 * @param beta2 second-moment decay, in [0, 1)
 * @param eps added to the square root of the second moment, positive
 * @param weightDecay decoupled decay coefficient (multiplied by the learning rate), non-negative
 */
public record AdamWConfig(double beta1, double beta2, double eps, double weightDecay) {
  public AdamWConfig {
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1): beta1=" + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1): beta2=" + beta2);
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("eps must be positive: eps=" + eps);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight_decay must be >= 0: weight_decay=" + weightDecay);
    }
  }

  /** The paper's settings: betas (0.9, 0.95), eps 1e-8, weight decay 0.1. */
  public static AdamWConfig paper() {
    return new AdamWConfig(0.9, 0.95, 1e-8, 0.1);
  }

  /**
   * Whether the tensor with this official name (MODEL.md 1.6) gets weight decay: the weight matrices of
   * wz, wv, wr, wh1, wh2, fc1, fc2, fc3 and the LM head, nothing else.
   */
  public static boolean decays(String tensorName) {
    if (tensorName.equals("output.output.weight")) {
      return true;
    }
    if (!tensorName.startsWith("layers.") || tensorName.contains(".lora_")) {
      return false;
    }
    for (String projection : PROJECTIONS) {
      if (tensorName.endsWith("." + projection + ".weight")) {
        return true;
      }
    }
    return false;
  }

  private static final String[] PROJECTIONS = {"wz", "wv", "wr", "wh1", "wh2", "fc1", "fc2", "fc3"};
}
