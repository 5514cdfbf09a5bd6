package io.megaspark.jobs.longdoc;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.LayerState;
import io.megaspark.megalodon.model.LayerwiseModel;
import io.megaspark.megalodon.scan.EmaSummary;
import io.megaspark.megalodon.scan.LayerMemorySummary;
import io.megaspark.megalodon.scan.TimestepNormSummary;
import java.util.Arrays;

/**
 * The scan's per-piece math on the TensorFlow model ({@link LayerwiseModel}): every piece is run as a
 * block of the fixed length {@code pieceTokens} (one graph per length; a range's shorter last piece is
 * padded), activations travel as float32. The carried statistics stay float64 and h is fed as float32, as
 * in a StreamState, so a range run piece by piece is the ordinary block-by-block run of that layer.
 */
final class TensorFlowScanKernel implements ScanKernel {
  private final LayerwiseModel model;
  private final MegalodonConfig cfg;
  private final int pieceTokens;
  private final int dim;

  /** @param pieceTokens tokens per piece, a multiple of the attention chunk */
  TensorFlowScanKernel(LayerwiseModel model, int pieceTokens) {
    this.model = model;
    this.cfg = model.config();
    this.pieceTokens = pieceTokens;
    this.dim = cfg.modelDim();
  }

  @Override
  public Piece embed(int[] tokens) {
    LayerwiseModel.Embedded e = model.embed(Arrays.copyOf(tokens, pieceTokens), tokens.length);
    return new Piece(Activations.floatsToBytes(e.x(), tokens.length * dim), summary(e.statistics()));
  }

  @Override
  public Carry advance(int layer, byte[] x, Carry in, boolean memory) {
    LayerState next = model.advance(layer, floats(x), valid(x), state(in), memory);
    return carry(next, memory ? memory(next) : in.memory());
  }

  @Override
  public Step forward(int layer, byte[] x, Carry in) {
    int valid = valid(x);
    LayerwiseModel.LayerOutput out = model.forward(layer, floats(x), valid, state(in));
    return new Step(new Piece(Activations.floatsToBytes(out.y(), valid * dim), summary(out.statistics())),
        carry(out.next(), memory(out.next())));
  }

  @Override
  public Score score(byte[] x, int[] targets, TimestepNormSummary in) {
    int valid = valid(x);
    int[] padded = Arrays.copyOf(targets, pieceTokens);
    Arrays.fill(padded, targets.length, pieceTokens, RangeScoring.NONE);
    LayerwiseModel.HeadOutput out = model.head(floats(x), valid, new LayerState.NormStatistics(
        in.count(), in.mean(), in.var()), padded);
    double nll = 0;
    long scored = 0;
    for (int t = 0; t < valid; t++) {
      if (targets[t] != RangeScoring.NONE) {
        nll -= out.targetLogProbs()[t];
        scored++;
      }
    }
    return new Score(nll, scored, summary(out.next()));
  }

  @Override
  public EmaSummary emaSummary(int layer, double[][] hLoc, long steps) {
    double[][] a = model.emaPower(layer, steps);
    return new EmaSummary(a[0], a[1], hLoc[0], hLoc[1]);
  }

  @Override
  public MegalodonConfig config() {
    return cfg;
  }

  private float[] floats(byte[] x) {
    return Activations.bytesToFloats(x, dim, pieceTokens * dim);
  }

  private int valid(byte[] x) {
    return x.length / (4 * dim);
  }

  private static LayerState state(Carry c) {
    TimestepNormSummary n = c.norm();
    return new LayerState(new LayerState.NormStatistics(n.count(), n.mean(), n.var()), toFloats(c.h()[0]),
        toFloats(c.h()[1]), c.memory() == null ? null : c.memory().m(),
        c.memory() == null ? null : c.memory().z());
  }

  private static Carry carry(LayerState s, LayerMemorySummary memory) {
    return new Carry(summary(s.norm()), new double[][] {toDoubles(s.emaRe()), toDoubles(s.emaIm())},
        memory);
  }

  private static LayerMemorySummary memory(LayerState s) {
    return s.memoryM() == null ? null : new LayerMemorySummary(s.memoryM(), s.memoryZ());
  }

  private static TimestepNormSummary summary(LayerState.NormStatistics s) {
    return new TimestepNormSummary(s.count(), s.mean(), s.var());
  }

  static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
