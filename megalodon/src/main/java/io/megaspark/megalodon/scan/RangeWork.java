package io.megaspark.megalodon.scan;

import io.megaspark.megalodon.reference.ReferenceEma;
import io.megaspark.megalodon.reference.ReferenceLayer;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.reference.ReferenceTimestepNorm;
import java.util.Arrays;

/**
 * The per-range steps of the layer-wise scan (MODEL.md 1.10) on the float64 reference: each needs only
 * the range's own activations and small summaries from the driver, so the ranges of one document run in
 * parallel. Per layer:
 *
 * <ol>
 *   <li>(previous round) the local TimestepNorm summary of the layer input; driver: exclusive scan;
 *   <li>{@link #emaStage}: the normalised input from the exact incoming statistics, the CEMA from zero
 *       and its summary {@code (q^T, h_loc)}; driver: exclusive scan giving each range's incoming h;
 *   <li>{@link #finish}: the corrected CEMA output, the rest of the block, and the local TimestepNorm
 *       summary of the block output for the next layer (or the output norm).
 * </ol>
 */
public final class RangeWork {
  private RangeWork() {}

  /**
   * Round 0: the embedding and the local summary the first layer's TimestepNorm scan needs.
   *
   * @param tokens [T] the range's tokens
   */
  public static RangeActivations embed(ReferenceModel model, int[] tokens) {
    return withSummary(model.embed(tokens), model.config().normNumGroups());
  }

  /**
   * @param x [T][D] the range's layer input
   * @param incoming the layer's TimestepNorm statistics before the range (from the scan)
   */
  public static EmaStage emaStage(ReferenceLayer layer, double[][] x, TimestepNormSummary incoming) {
    ReferenceTimestepNorm.Output tsn = layer.timestepNorm(x, incoming.toState());
    ReferenceEma.Coefficients c = layer.ema();
    int size = c.qRe().length;
    ReferenceEma.Output local = ReferenceEma.forward(tsn.y(), new double[size], new double[size], c);
    return new EmaStage(tsn.y(), local.y(),
        EmaSummary.local(c, local.hRe(), local.hIm(), x.length));
  }

  /**
   * The CEMA output corrected by the incoming state's bias, then steps 3-11 of the block.
   *
   * @param x [T][D] the range's layer input (the residual)
   * @param hIn {re, im} [D*N] the range's incoming h (from the scan)
   */
  public static RangeActivations finish(ReferenceLayer layer, double[][] x, EmaStage stage,
      double[][] hIn) {
    double[][] ema = EmaCorrection.corrected(layer.ema(), stage.localOut(), hIn[0], hIn[1]);
    return withSummary(layer.afterEma(x, stage.normalized(), ema), layer.normGroups());
  }

  /**
   * {@link #finish} without keeping anything from {@link #emaStage} between the rounds: recomputes the
   * normalised input and runs the CEMA from the incoming h, which by linearity is the zero-state output
   * plus the bias. This is what a distributed run uses, so that only x is persisted between rounds.
   */
  public static RangeActivations finishFromInput(ReferenceLayer layer, double[][] x,
      TimestepNormSummary incoming, double[][] hIn) {
    ReferenceTimestepNorm.Output tsn = layer.timestepNorm(x, incoming.toState());
    ReferenceEma.Output ema = ReferenceEma.forward(tsn.y(), hIn[0], hIn[1], layer.ema());
    return withSummary(layer.afterEma(x, tsn.y(), ema.y()), layer.normGroups());
  }

  /**
   * The range's CEMA summary as {@link #emaStage} computes it, working through the range in sub-blocks
   * of {@code blockTokens} with the TimestepNorm statistics and the zero-started h carried in float64,
   * so memory for intermediates is bounded by the sub-block, and the result is the same.
   *
   * @param blockTokens a multiple of the chunk size
   */
  public static EmaSummary emaSummary(ReferenceLayer layer, double[][] x, TimestepNormSummary incoming,
      int blockTokens) {
    ReferenceEma.Coefficients c = layer.ema();
    ReferenceTimestepNorm.State norm = incoming.toState();
    double[][] h = {new double[c.qRe().length], new double[c.qRe().length]};
    for (int from = 0; from < x.length; from += blockTokens) {
      double[][] block = Arrays.copyOfRange(x, from, Math.min(x.length, from + blockTokens));
      ReferenceTimestepNorm.Output tsn = layer.timestepNorm(block, norm);
      ReferenceEma.Output ema = ReferenceEma.forward(tsn.y(), h[0], h[1], c);
      norm = tsn.state();
      h = new double[][] {ema.hRe(), ema.hIm()};
    }
    return EmaSummary.local(c, h[0], h[1], x.length);
  }

  /**
   * {@link #finishFromInput} in sub-blocks of {@code blockTokens} (a multiple of the chunk size, so
   * attention, which stays inside a chunk, is unchanged), carrying the statistics and h in float64.
   */
  public static RangeActivations finishFromInput(ReferenceLayer layer, double[][] x,
      TimestepNormSummary incoming, double[][] hIn, int blockTokens) {
    ReferenceTimestepNorm.State norm = incoming.toState();
    double[][] h = hIn;
    double[][] y = new double[x.length][];
    for (int from = 0; from < x.length; from += blockTokens) {
      double[][] block = Arrays.copyOfRange(x, from, Math.min(x.length, from + blockTokens));
      ReferenceTimestepNorm.Output tsn = layer.timestepNorm(block, norm);
      ReferenceEma.Output ema = ReferenceEma.forward(tsn.y(), h[0], h[1], layer.ema());
      double[][] out = layer.afterEma(block, tsn.y(), ema.y());
      System.arraycopy(out, 0, y, from, out.length);
      norm = tsn.state();
      h = new double[][] {ema.hRe(), ema.hIm()};
    }
    return withSummary(y, layer.normGroups());
  }

  /**
   * The output TimestepNorm from the exact incoming statistics and the LM head.
   *
   * @param x [T][D] the last block's output for the range
   * @return [T][V] logits
   */
  public static double[][] logits(ReferenceModel model, double[][] x, TimestepNormSummary incoming) {
    return model.logits(model.outputNorm(x, incoming.toState()).y());
  }

  private static RangeActivations withSummary(double[][] x, int groups) {
    return new RangeActivations(x, TimestepNormSummary.local(x, groups));
  }
}
