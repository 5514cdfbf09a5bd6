package io.megaspark.megalodon.model;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.memory.InfiniMemoryState;
import java.util.Arrays;

/**
 * Everything one document carries from a block to the next (MODEL.md 1.10, DESIGN.md "state contract"):
 * per layer the CEMA hidden state h (real and imaginary parts, [D*N] with index d*N+n) and the
 * TimestepNorm statistics (count, mean [G], var [G]); the statistics of the output TimestepNorm; with
 * Infini-attention memory enabled, per layer and head the memory M [Dz*Dv] and normaliser z [Dz] (float64,
 * MODEL.md 4); and the number of tokens consumed. No key/value cache: blocks end on chunk boundaries. Its
 * size depends only on the config, never on how much of the document was read.
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
  /** H, Dz, Dv of the Infini memory; all 0 when the state carries none. */
  final int memoryHeads;
  final int memoryKeyDim;
  final int memoryValueDim;
  /** [L][H*Dz*Dv], head h's M row-major at h*Dz*Dv; empty arrays without memory. */
  final double[][] memoryM;
  /** [L][H*Dz], head h's z at h*Dz. */
  final double[][] memoryZ;

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
    memoryHeads = b.memoryHeads;
    memoryKeyDim = b.memoryKeyDim;
    memoryValueDim = b.memoryValueDim;
    memoryM = deepCopy(b.memoryM);
    memoryZ = deepCopy(b.memoryZ);
  }

  /**
   * The state before a document's first token: h = 0, TimestepNorm counts 0, and, when the config enables
   * Infini memory, M = 0 and z = 0 for every layer and head.
   */
  public static StreamState initial(MegalodonConfig cfg) {
    Builder b = builder(cfg.numLayers(), cfg.modelDim(), cfg.cemaNdim(), cfg.normNumGroups());
    if (cfg.infini().enabled()) {
      b.withMemory(cfg.numHeads(), cfg.headDimZ(), cfg.headDimV());
    }
    return b.build();
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
    return StateCodec.size(layers, modelDim, emaOrder, normGroups)
        + StateCodec.memorySectionBytes(layers, memoryHeads, memoryKeyDim, memoryValueDim);
  }

  /** Fails with a clear message when this state was made for another model shape or memory setting. */
  public void checkFits(MegalodonConfig cfg) {
    fits("num_layers", layers, cfg.numLayers());
    fits("model_dim", modelDim, cfg.modelDim());
    fits("cema_ndim", emaOrder, cfg.cemaNdim());
    fits("norm_num_groups", normGroups, cfg.normNumGroups());
    if (hasMemory() != cfg.infini().enabled()) {
      throw StateErrors.shapeMismatch("Infini memory", hasMemory() ? "present" : "absent",
          cfg.infini().enabled() ? "enabled" : "disabled");
    }
    if (hasMemory()) {
      fits("num_heads (Infini memory)", memoryHeads, cfg.numHeads());
      fits("z_dim / num_heads (Infini memory Dz)", memoryKeyDim, cfg.headDimZ());
      fits("value_dim / num_heads (Infini memory Dv)", memoryValueDim, cfg.headDimV());
    }
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
  /** Whether this state carries Infini memory (the config enables it). */
  public boolean hasMemory() { return memoryHeads > 0; }
  /** H of the Infini memory, 0 without memory. */
  public int memoryHeads() { return memoryHeads; }
  /** Dz of the Infini memory, 0 without memory. */
  public int memoryKeyDim() { return memoryKeyDim; }
  /** Dv of the Infini memory, 0 without memory. */
  public int memoryValueDim() { return memoryValueDim; }
  /** Layer {@code l}'s memories M, [H*Dz*Dv]: head h row-major from h*Dz*Dv. */
  public double[] memoryM(int l) { return memoryM[l].clone(); }
  /** Layer {@code l}'s normalisers z, [H*Dz]: head h from h*Dz. */
  public double[] memoryZ(int l) { return memoryZ[l].clone(); }

  /** Layer {@code l}, head {@code h}'s memory as the reference's per-head state. */
  public InfiniMemoryState memory(int l, int h) {
    if (!hasMemory()) {
      throw new IllegalStateException("this state carries no Infini memory (the config disables it)");
    }
    int mn = memoryKeyDim * memoryValueDim;
    return new InfiniMemoryState(memoryKeyDim, memoryValueDim,
        Arrays.copyOfRange(memoryM[l], h * mn, (h + 1) * mn),
        Arrays.copyOfRange(memoryZ[l], h * memoryKeyDim, (h + 1) * memoryKeyDim));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StreamState s && layers == s.layers && modelDim == s.modelDim
        && emaOrder == s.emaOrder && normGroups == s.normGroups && position == s.position
        && outputCount == s.outputCount && Arrays.deepEquals(emaRe, s.emaRe)
        && Arrays.deepEquals(emaIm, s.emaIm) && Arrays.equals(normCount, s.normCount)
        && Arrays.deepEquals(normMean, s.normMean) && Arrays.deepEquals(normVar, s.normVar)
        && Arrays.equals(outputMean, s.outputMean) && Arrays.equals(outputVar, s.outputVar)
        && memoryHeads == s.memoryHeads && memoryKeyDim == s.memoryKeyDim
        && memoryValueDim == s.memoryValueDim && Arrays.deepEquals(memoryM, s.memoryM)
        && Arrays.deepEquals(memoryZ, s.memoryZ);
  }

  @Override
  public int hashCode() {
    int h = Arrays.hashCode(new long[] {layers, modelDim, emaOrder, normGroups, position, outputCount});
    h = 31 * h + Arrays.deepHashCode(emaRe);
    h = 31 * h + Arrays.deepHashCode(emaIm);
    h = 31 * h + Arrays.hashCode(normCount);
    h = 31 * h + Arrays.deepHashCode(normMean);
    h = 31 * h + Arrays.deepHashCode(normVar);
    h = 31 * h + Arrays.deepHashCode(memoryM) + 7 * Arrays.deepHashCode(memoryZ);
    return 31 * h + Arrays.hashCode(outputMean) + 7 * Arrays.hashCode(outputVar);
  }

  @Override
  public String toString() {
    return "StreamState[layers=" + layers + ", D=" + modelDim + ", N=" + emaOrder + ", G=" + normGroups
        + ", position=" + position
        + (hasMemory() ? ", memory H=" + memoryHeads + " Dz=" + memoryKeyDim + " Dv=" + memoryValueDim : "")
        + "]";
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
    int memoryHeads;
    int memoryKeyDim;
    int memoryValueDim;
    double[][] memoryM;
    double[][] memoryZ;

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
      memoryM = new double[layers][0];
      memoryZ = new double[layers][0];
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
      memoryHeads = s.memoryHeads;
      memoryKeyDim = s.memoryKeyDim;
      memoryValueDim = s.memoryValueDim;
      memoryM = deepCopy(s.memoryM);
      memoryZ = deepCopy(s.memoryZ);
    }

    /**
     * Gives the state an empty Infini memory (M = 0, z = 0) of H heads with widths Dz and Dv; a builder
     * that already has memory of these shapes keeps it.
     */
    public Builder withMemory(int heads, int keyDim, int valueDim) {
      if (heads < 1 || keyDim < 1 || valueDim < 1) {
        throw new IllegalArgumentException("memory shapes must be positive: H=" + heads + ", Dz=" + keyDim
            + ", Dv=" + valueDim);
      }
      if (heads == memoryHeads && keyDim == memoryKeyDim && valueDim == memoryValueDim) {
        return this;
      }
      long m = (long) heads * keyDim * valueDim;
      if (m > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("memory of H=" + heads + ", Dz=" + keyDim + ", Dv=" + valueDim
            + " needs " + m + " numbers per layer, more than an array holds");
      }
      memoryHeads = heads;
      memoryKeyDim = keyDim;
      memoryValueDim = valueDim;
      memoryM = new double[layers][(int) m];
      memoryZ = new double[layers][heads * keyDim];
      return this;
    }

    /** Removes the Infini memory (for a model that runs without it). */
    public Builder withoutMemory() {
      memoryHeads = 0;
      memoryKeyDim = 0;
      memoryValueDim = 0;
      memoryM = new double[layers][0];
      memoryZ = new double[layers][0];
      return this;
    }

    /** Layer {@code layer}'s memories, [H*Dz*Dv] and [H*Dz] (see {@link StreamState#memoryM}). */
    public Builder memory(int layer, double[] m, double[] z) {
      requireMemory();
      memoryM[layer] = checked("memoryM", m, memoryM[layer].length).clone();
      memoryZ[layer] = checked("memoryZ", z, memoryZ[layer].length).clone();
      return this;
    }

    /** One head's memory. */
    public Builder memory(int layer, int head, InfiniMemoryState state) {
      requireMemory();
      if (state.keyDim() != memoryKeyDim || state.valueDim() != memoryValueDim) {
        throw new IllegalArgumentException("memory of head " + head + ": expected Dz=" + memoryKeyDim
            + ", Dv=" + memoryValueDim + ", got Dz=" + state.keyDim() + ", Dv=" + state.valueDim());
      }
      int mn = memoryKeyDim * memoryValueDim;
      System.arraycopy(state.m(), 0, memoryM[layer], head * mn, mn);
      System.arraycopy(state.z(), 0, memoryZ[layer], head * memoryKeyDim, memoryKeyDim);
      return this;
    }

    private void requireMemory() {
      if (memoryHeads == 0) {
        throw new IllegalStateException("no Infini memory in this state: call withMemory first");
      }
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
