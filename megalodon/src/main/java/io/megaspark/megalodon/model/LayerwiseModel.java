package io.megaspark.megalodon.model;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.ema.EmaCoefficients;
import io.megaspark.megalodon.model.LayerState.NormStatistics;
import java.util.function.Consumer;
import org.tensorflow.proto.RunMetadata;

/**
 * The TensorFlow model one stage at a time, for one row: the embedding, any single block from its own
 * carried state, and the output norm with the LM head. This is what the layer-wise parallel scan (MODEL.md
 * 1.10, DESIGN.md execution mode 2) runs on each range of a document:
 *
 * <ol>
 *   <li>{@link #embed}: a block's embedding and the local TimestepNorm statistics of it;
 *   <li>{@link #advance} from the exact incoming TimestepNorm statistics and h = 0: the local CEMA state,
 *       which with {@link #emaPower} (q^L) is the range's CEMA summary; only TimestepNorm and CEMA run;
 *   <li>{@link #advance} with memory, from the exact statistics and h and an empty memory: a range's
 *       Infini memory write (linear rule), which the scan adds up;
 *   <li>{@link #forward} from the exact incoming state: the block output (a range's output equals running
 *       the layer from its incoming statistics and h, by the linearity of MODEL.md 1.2), its local
 *       statistics for the next layer's scan, and the state after it;
 *   <li>{@link #head}: output TimestepNorm, LM head and the log-probabilities of the targets.
 * </ol>
 *
 * <p>Each call is one {@code Session.run} of a {@link StageGraph} for the block length T (x.length / D),
 * built on first use per T. Thread-safe, like {@link MegalodonModel}.
 *
 * <p>Shapes: T tokens per block (a multiple of the attention chunk), D model dim, N EMA order, G norm
 * groups, H heads. Blocks are row-major float32 [T*D]; positions at or after {@code valid} are padding.
 */
public final class LayerwiseModel {
  private final MegalodonModel model;
  private final MegalodonConfig cfg;

  LayerwiseModel(MegalodonModel model) {
    this.model = model;
    this.cfg = model.config();
  }

  /**
   * @param x [T*D] the embedding
   * @param statistics the TimestepNorm statistics of x's valid steps alone
   */
  public record Embedded(float[] x, NormStatistics statistics) {}

  /**
   * @param y [T*D] the block output (padded steps: not meaningful)
   * @param statistics the TimestepNorm statistics of y's valid steps alone (the next layer's local summary)
   * @param next the state after the block's valid steps
   */
  public record LayerOutput(float[] y, NormStatistics statistics, LayerState next) {}

  /**
   * @param targetLogProbs [T] log p(target), NaN where the target is -1 or the step is padding
   * @param next the output norm's statistics after the block
   */
  public record HeadOutput(float[] targetLogProbs, NormStatistics next) {}

  public MegalodonConfig config() {
    return cfg;
  }

  /**
   * @param tokens [T] token ids, 0 after {@code valid}
   * @param valid real tokens, in [1, T]
   */
  public Embedded embed(int[] tokens, int valid) {
    int t = checkBlock(tokens.length, valid);
    return model.withStages(t, g -> {
      StageRunner r = new StageRunner(g).ints(g.tokens, tokens).ints(g.validLengths, new int[] {valid});
      Object[] out = fetch(r, null, g.embedded, g.embeddedStats.get(0), g.embeddedStats.get(1));
      return new Embedded((float[]) out[0], new NormStatistics(valid, (double[]) out[1],
          (double[]) out[2]));
    });
  }

  /**
   * The state after the block, without its output: runs TimestepNorm and CEMA (and, with {@code memory},
   * the queries, keys and values the Infini memory writes), never the attention or the FFN.
   *
   * @param x [T*D] the block input
   * @param memory whether to advance the Infini memory too; without it the result has no memory
   */
  public LayerState advance(int layer, float[] x, int valid, LayerState in, boolean memory) {
    return advance(layer, x, valid, in, memory, null);
  }

  /** {@link #advance}, handing the run's step statistics to {@code trace} (tests, profiles). */
  LayerState advance(int layer, float[] x, int valid, LayerState in, boolean memory,
      Consumer<RunMetadata> trace) {
    boolean withMemory = memory && cfg.infini().enabled();
    checkLayer(layer, x, valid, in, withMemory);
    return model.withStages(x.length / cfg.modelDim(), g -> {
      StageGraph.LayerPorts lp = g.layers.get(layer);
      StageRunner r = feedLayer(g, lp, x, valid, in, withMemory);
      Object[] out = withMemory
          ? fetch(r, trace, lp.meanOut(), lp.varOut(), lp.emaOut(), lp.memoryMOut(), lp.memoryZOut())
          : fetch(r, trace, lp.meanOut(), lp.varOut(), lp.emaOut());
      return next(in, valid, out, 0, withMemory);
    });
  }

  /** The block output, its local statistics and the state after it. */
  public LayerOutput forward(int layer, float[] x, int valid, LayerState in) {
    boolean infini = cfg.infini().enabled();
    checkLayer(layer, x, valid, in, infini);
    return model.withStages(x.length / cfg.modelDim(), g -> {
      StageGraph.LayerPorts lp = g.layers.get(layer);
      StageRunner r = feedLayer(g, lp, x, valid, in, infini);
      Object[] out = infini
          ? fetch(r, null, lp.y(), lp.yMean(), lp.yVar(), lp.meanOut(), lp.varOut(), lp.emaOut(),
              lp.memoryMOut(), lp.memoryZOut())
          : fetch(r, null, lp.y(), lp.yMean(), lp.yVar(), lp.meanOut(), lp.varOut(), lp.emaOut());
      return new LayerOutput((float[]) out[0], new NormStatistics(valid, (double[]) out[1],
          (double[]) out[2]), next(in, valid, out, 3, infini));
    });
  }

  /**
   * @param x [T*D] the last block's output
   * @param in the output norm's statistics before the block
   * @param targets [T] the token each step predicts, -1 for none
   */
  public HeadOutput head(float[] x, int valid, NormStatistics in, int[] targets) {
    int t = checkBlock(x.length / cfg.modelDim(), valid);
    checkLength("x", x.length, (long) t * cfg.modelDim());
    checkLength("targets", targets.length, t);
    return model.withStages(t, g -> {
      StageRunner r = new StageRunner(g).ints(g.validLengths, new int[] {valid}).floats(g.head.x(), x)
          .norm(g.head.count(), g.head.mean(), g.head.var(), in).ints(g.targets, targets);
      Object[] out = fetch(r, null, g.head.targetLogProbs(), g.head.meanOut(), g.head.varOut());
      return new HeadOutput((float[]) out[0], new NormStatistics(in.count() + valid, (double[]) out[1],
          (double[]) out[2]));
    });
  }

  /**
   * {@code q^steps} of layer {@code layer}'s CEMA, as the official code takes powers
   * ({@code |q|^m e^{i m phi}}, MODEL.md 1.2): the decay half of a range's CEMA summary.
   *
   * @return {re, im} [D*N] float64
   */
  public double[][] emaPower(int layer, long steps) {
    EmaCoefficients c = model.host().layers.get(layer).ema();
    int size = c.modelDim() * c.order();
    double[][] out = new double[2][size];
    for (int i = 0; i < size; i++) {
      out[0][i] = c.powRe(i, steps);
      out[1][i] = c.powIm(i, steps);
    }
    return out;
  }

  private StageRunner feedLayer(StageGraph g, StageGraph.LayerPorts lp, float[] x, int valid,
      LayerState in, boolean memory) {
    StageRunner r = new StageRunner(g).ints(g.validLengths, new int[] {valid}).floats(lp.x(), x)
        .norm(lp.count(), lp.mean(), lp.var(), in.norm())
        .floats(lp.ema(), StageRunner.packEma(in.emaRe(), in.emaIm(), cfg.cemaNdim()));
    return memory ? r.doubles(lp.memoryM(), in.memoryM()).doubles(lp.memoryZ(), in.memoryZ()) : r;
  }

  /** The state after the block from fetched (mean, var, ema[, memM, memZ]) starting at {@code at}. */
  private LayerState next(LayerState in, int valid, Object[] out, int at, boolean memory) {
    float[][] h = StageRunner.unpackEma((float[]) out[at + 2], cfg.cemaNdim());
    return new LayerState(new NormStatistics(in.norm().count() + valid, (double[]) out[at],
        (double[]) out[at + 1]), h[0], h[1], memory ? (double[]) out[at + 3] : null,
        memory ? (double[]) out[at + 4] : null);
  }

  private static Object[] fetch(StageRunner r, Consumer<RunMetadata> trace,
      org.tensorflow.Operand<?>... ops) {
    for (org.tensorflow.Operand<?> op : ops) {
      r.fetch(op);
    }
    return r.run(trace);
  }

  private void checkLayer(int layer, float[] x, int valid, LayerState in, boolean memory) {
    if (layer < 0 || layer >= cfg.numLayers()) {
      throw new IllegalArgumentException("layer: expected 0.." + (cfg.numLayers() - 1) + ", got " + layer);
    }
    int t = checkBlock(x.length / cfg.modelDim(), valid);
    checkLength("x", x.length, (long) t * cfg.modelDim());
    checkLength("emaRe", in.emaRe().length, (long) cfg.modelDim() * cfg.cemaNdim());
    checkLength("norm mean", in.norm().mean().length, cfg.normNumGroups());
    if (memory && in.memoryM() == null) {
      throw new IllegalArgumentException("layer " + layer + ": the config has Infini memory, so the"
          + " state must carry memoryM and memoryZ");
    }
  }

  private int checkBlock(int length, int valid) {
    int chunk = cfg.attentionChunk();
    if (length < 1 || length % chunk != 0) {
      throw ModelErrors.blockNotChunkAligned(length, chunk);
    }
    if (valid < 1 || valid > length) {
      throw ModelErrors.validLengthOutOfRange(0, valid, length);
    }
    return length;
  }

  private static void checkLength(String what, long got, long expected) {
    if (got != expected) {
      throw new IllegalArgumentException(what + ": expected " + expected + " values, got " + got);
    }
  }
}
