package io.megaspark.megalodon.reference;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.memory.InfiniMemoryState;

/**
 * One reference block opened up into the three groups of steps that the layer-wise scan (package
 * {@code io.megaspark.megalodon.scan}, MODEL.md 1.10) runs in separate rounds: the TimestepNorm (step 1),
 * the CEMA (step 2, coefficients here, recurrence in {@link ReferenceEma}) and everything after the CEMA
 * (steps 3 to 11). {@link ReferenceModel#forward} runs the same code, so a range processed through these
 * pieces with the right incoming statistics and h equals the sequential model.
 */
public final class ReferenceLayer {
  private final MegalodonConfig config;
  private final ReferenceLayerWeights weights;

  ReferenceLayer(MegalodonConfig config, ReferenceLayerWeights weights) {
    this.config = config;
    this.weights = weights;
  }

  /** G, the TimestepNorm groups. */
  public int normGroups() {
    return config.normNumGroups();
  }

  /** The CEMA recurrence coefficients of this layer. */
  public ReferenceEma.Coefficients ema() {
    return weights.ema();
  }

  /**
   * Step 1: the block's TimestepNorm from the given incoming statistics.
   *
   * @param x [T][D] block input
   */
  public ReferenceTimestepNorm.Output timestepNorm(double[][] x, ReferenceTimestepNorm.State in) {
    return ReferenceTimestepNorm.forward(x, null, in, weights.timenormWeight(), weights.timenormBias(),
        config.normNumGroups(), config.normEps());
  }

  /**
   * The whole block from the given carried state: what the model runs for this layer.
   *
   * @param x [T][D] block input; the first token starts a chunk
   * @param memory [H] Infini memory before the block, null when the config disables it
   */
  public Step forward(double[][] x, ReferenceTimestepNorm.State norm, double[] hRe, double[] hIm,
      InfiniMemoryState[] memory) {
    ReferenceBlock.Output out = ReferenceBlock.forward(config, weights, x, norm, hRe, hIm, memory);
    return new Step(out.y(), out.norm(), out.hRe(), out.hIm(), out.memory());
  }

  /**
   * A block's output and the state after it.
   *
   * @param y [T][D]
   * @param hRe [D*N] CEMA h, real part
   * @param hIm [D*N] imaginary part
   * @param memory [H] Infini memory, null when disabled
   */
  public record Step(double[][] y, ReferenceTimestepNorm.State norm, double[] hRe, double[] hIm,
      InfiniMemoryState[] memory) {}

  /**
   * Steps 3 to 11 (RMSNorm, projections, chunked attention, gate, residual, FFN). The block must start
   * on a chunk boundary; attention never leaves it.
   *
   * @param x [T][D] block input (the residual)
   * @param normalized [T][D] the TimestepNorm output
   * @param emaOut [T][D] the CEMA output
   * @return [T][D] block output
   */
  public double[][] afterEma(double[][] x, double[][] normalized, double[][] emaOut) {
    return ReferenceBlock.afterEma(config, weights, x, normalized, emaOut);
  }
}
