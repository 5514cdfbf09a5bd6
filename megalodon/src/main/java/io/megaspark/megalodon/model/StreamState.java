package io.megaspark.megalodon.model;

import io.megaspark.megalodon.config.MegalodonConfig;
import java.util.Arrays;

/**
 * Everything one document carries from a block to the next (MODEL.md 1.10, DESIGN.md "state contract"):
 * per layer the CEMA hidden state h (real and imaginary parts, [D*N] with index d*N+n) and the
 * TimestepNorm statistics (count, mean [G], var [G]); the statistics of the output TimestepNorm; and the
 * number of tokens consumed. No key/value cache: blocks end on chunk boundaries. Its size depends only on
 * the config, never on how much of the document was read.
 *
 * <p>Immutable: arrays are copied in and out. Build changes with {@link #toBuilder()}.
 */
public final class StreamState {
  final int layers;
  final int modelDim;
  final int emaOrder;
  final int normGroups;
  final float[][] emaRe;
  final float[][] emaIm;
  final long[] normCount;
  final double[][] normMean;
  final double[][] normVar;
  final long outputCount;
  final double[] outputMean;
  final double[] outputVar;
  final long position;

  StreamState(Builder b) {
    layers = b.layers;
    modelDim = b.modelDim;
    emaOrder = b.emaOrder;
    normGroups = b.normGroups;
    emaRe = deepCopy(b.emaRe);
    emaIm = deepCopy(b.emaIm);
    normCount = b.normCount.clone();
    normMean = deepCopy(b.normMean);
    normVar = deepCopy(b.normVar);
    outputCount = b.outputCount;
    outputMean = b.outputMean.clone();
    outputVar = b.outputVar.clone();
    position = b.position;
  }

  /** The state before a document's first token: h = 0, TimestepNorm counts 0. */
  public static StreamState initial(MegalodonConfig cfg) {
    return builder(cfg.numLayers(), cfg.modelDim(), cfg.cemaNdim(), cfg.normNumGroups()).build();
  }

  /** A builder of an all-zero state of these shapes. */
  public static Builder builder(int layers, int modelDim, int emaOrder, int normGroups) {
    return new Builder(layers, modelDim, emaOrder, normGroups);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A deep copy (equal, sharing nothing). */
  public StreamState copy() {
    return new StreamState(new Builder(this));
  }

  /** Compact versioned little-endian bytes; {@link #fromBytes} reads them back bit for bit. */
  public byte[] toBytes() {
    return StateCodec.encode(this);
  }

  public static StreamState fromBytes(byte[] bytes) {
    return StateCodec.decode(bytes);
  }

  /** Length of {@link #toBytes()}, which depends only on the shapes. */
  public long sizeBytes() {
    return StateCodec.size(layers, modelDim, emaOrder, normGroups);
  }

  /** Fails with a clear message when this state was made for another model shape. */
  public void checkFits(MegalodonConfig cfg) {
    fits("num_layers", layers, cfg.numLayers());
    fits("model_dim", modelDim, cfg.modelDim());
    fits("cema_ndim", emaOrder, cfg.cemaNdim());
    fits("norm_num_groups", normGroups, cfg.normNumGroups());
  }

  private static void fits(String key, int state, int config) {
    if (state != config) {
      throw StateErrors.shapeMismatch(key, String.valueOf(state), String.valueOf(config));
    }
  }

  public int numLayers() { return layers; }
  public int modelDim() { return modelDim; }
  /** N, the CEMA order. */
  public int emaOrder() { return emaOrder; }
  /** G, the TimestepNorm groups. */
  public int normGroups() { return normGroups; }
  /** Tokens consumed so far. */
  public long position() { return position; }

  /** Real part of layer {@code l}'s CEMA h, [D*N], index d*N+n. */
  public float[] emaRe(int l) { return emaRe[l].clone(); }
  /** Imaginary part of layer {@code l}'s CEMA h, [D*N], index d*N+n. */
  public float[] emaIm(int l) { return emaIm[l].clone(); }
  /** Timesteps layer {@code l}'s TimestepNorm has seen (shared by its groups). */
  public long normCount(int l) { return normCount[l]; }
  /** Running mean of layer {@code l}'s TimestepNorm, [G]. */
  public double[] normMean(int l) { return normMean[l].clone(); }
  /** Running population variance of layer {@code l}'s TimestepNorm, [G]. */
  public double[] normVar(int l) { return normVar[l].clone(); }
  public long outputNormCount() { return outputCount; }
  public double[] outputNormMean() { return outputMean.clone(); }
  public double[] outputNormVar() { return outputVar.clone(); }

  @Override
  public boolean equals(Object o) {
    return o instanceof StreamState s && layers == s.layers && modelDim == s.modelDim
        && emaOrder == s.emaOrder && normGroups == s.normGroups && position == s.position
        && outputCount == s.outputCount && Arrays.deepEquals(emaRe, s.emaRe)
        && Arrays.deepEquals(emaIm, s.emaIm) && Arrays.equals(normCount, s.normCount)
        && Arrays.deepEquals(normMean, s.normMean) && Arrays.deepEquals(normVar, s.normVar)
        && Arrays.equals(outputMean, s.outputMean) && Arrays.equals(outputVar, s.outputVar);
  }

  @Override
  public int hashCode() {
    int h = Arrays.hashCode(new long[] {layers, modelDim, emaOrder, normGroups, position, outputCount});
    h = 31 * h + Arrays.deepHashCode(emaRe);
    h = 31 * h + Arrays.deepHashCode(emaIm);
    h = 31 * h + Arrays.hashCode(normCount);
    h = 31 * h + Arrays.deepHashCode(normMean);
    h = 31 * h + Arrays.deepHashCode(normVar);
    return 31 * h + Arrays.hashCode(outputMean) + 7 * Arrays.hashCode(outputVar);
  }

  @Override
  public String toString() {
    return "StreamState[layers=" + layers + ", D=" + modelDim + ", N=" + emaOrder + ", G=" + normGroups
        + ", position=" + position + "]";
  }

  static float[][] deepCopy(float[][] a) {
    float[][] out = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  static double[][] deepCopy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  /** Mutable builder; every setter checks the length against the shapes. */
  public static final class Builder {
    final int layers;
    final int modelDim;
    final int emaOrder;
    final int normGroups;
    final float[][] emaRe;
    final float[][] emaIm;
    final long[] normCount;
    final double[][] normMean;
    final double[][] normVar;
    long outputCount;
    double[] outputMean;
    double[] outputVar;
    long position;

    Builder(int layers, int modelDim, int emaOrder, int normGroups) {
      if (layers < 1 || modelDim < 1 || emaOrder < 1 || normGroups < 1) {
        throw new IllegalArgumentException("state shapes must be positive: layers=" + layers + ", D="
            + modelDim + ", N=" + emaOrder + ", G=" + normGroups);
      }
      this.layers = layers;
      this.modelDim = modelDim;
      this.emaOrder = emaOrder;
      this.normGroups = normGroups;
      int dn = Math.multiplyExact(modelDim, emaOrder);
      emaRe = new float[layers][dn];
      emaIm = new float[layers][dn];
      normCount = new long[layers];
      normMean = new double[layers][normGroups];
      normVar = new double[layers][normGroups];
      outputMean = new double[normGroups];
      outputVar = new double[normGroups];
    }

    Builder(StreamState s) {
      layers = s.layers;
      modelDim = s.modelDim;
      emaOrder = s.emaOrder;
      normGroups = s.normGroups;
      emaRe = deepCopy(s.emaRe);
      emaIm = deepCopy(s.emaIm);
      normCount = s.normCount.clone();
      normMean = deepCopy(s.normMean);
      normVar = deepCopy(s.normVar);
      outputCount = s.outputCount;
      outputMean = s.outputMean.clone();
      outputVar = s.outputVar.clone();
      position = s.position;
    }

    public Builder ema(int layer, float[] re, float[] im) {
      emaRe[layer] = checked("emaRe", re, modelDim * emaOrder).clone();
      emaIm[layer] = checked("emaIm", im, modelDim * emaOrder).clone();
      return this;
    }

    public Builder norm(int layer, long count, double[] mean, double[] var) {
      normCount[layer] = nonNegative(count);
      normMean[layer] = checked("normMean", mean, normGroups).clone();
      normVar[layer] = checked("normVar", var, normGroups).clone();
      return this;
    }

    public Builder outputNorm(long count, double[] mean, double[] var) {
      outputCount = nonNegative(count);
      outputMean = checked("outputNormMean", mean, normGroups).clone();
      outputVar = checked("outputNormVar", var, normGroups).clone();
      return this;
    }

    public Builder position(long tokens) {
      position = nonNegative(tokens);
      return this;
    }

    public StreamState build() {
      return new StreamState(this);
    }

    private static float[] checked(String what, float[] a, int n) {
      if (a.length != n) {
        throw new IllegalArgumentException(what + ": expected " + n + " values, got " + a.length);
      }
      return a;
    }

    private static double[] checked(String what, double[] a, int n) {
      if (a.length != n) {
        throw new IllegalArgumentException(what + ": expected " + n + " values, got " + a.length);
      }
      return a;
    }

    private static long nonNegative(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("counts and positions must be non-negative, got " + v);
      }
      return v;
    }
  }
}
