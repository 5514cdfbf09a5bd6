package io.megaspark.megalodon.model;

/**
 * Stacks the states of B rows into the graph's state layouts and splits them back (see {@link
 * ModelGraph}): CEMA {@code [L, D, B, 2N]} float32, TimestepNorm counts {@code [L+1, B]}, mean and var
 * {@code [L+1, B, G]} float64 (index L = output norm); Infini memory M {@code [L, B, H, Dz, Dv]} and z
 * {@code [L, B, H, Dz]} float64 (null without memory).
 */
final class StatePacking {
  private StatePacking() {}

  /** The stacked states; counts as float64 (exact below 2^53 steps). */
  record Packed(float[] ema, double[] count, double[] mean, double[] var, double[] memoryM,
      double[] memoryZ) {}

  static Packed pack(StreamState[] states) {
    StreamState first = states[0];
    int b = states.length;
    int layers = first.numLayers();
    int d = first.modelDim();
    int n = first.emaOrder();
    int g = first.normGroups();
    float[] ema = new float[layers * d * b * 2 * n];
    double[] count = new double[(layers + 1) * b];
    double[] mean = new double[(layers + 1) * b * g];
    double[] var = new double[(layers + 1) * b * g];
    for (int r = 0; r < b; r++) {
      StreamState s = states[r];
      for (int l = 0; l < layers; l++) {
        float[] re = s.emaRe(l);
        float[] im = s.emaIm(l);
        for (int dd = 0; dd < d; dd++) {
          int at = ((l * d + dd) * b + r) * 2 * n;
          System.arraycopy(re, dd * n, ema, at, n);
          System.arraycopy(im, dd * n, ema, at + n, n);
        }
        count[l * b + r] = s.normCount(l);
        System.arraycopy(s.normMean(l), 0, mean, (l * b + r) * g, g);
        System.arraycopy(s.normVar(l), 0, var, (l * b + r) * g, g);
      }
      count[layers * b + r] = s.outputNormCount();
      System.arraycopy(s.outputNormMean(), 0, mean, (layers * b + r) * g, g);
      System.arraycopy(s.outputNormVar(), 0, var, (layers * b + r) * g, g);
    }
    double[] memM = null;
    double[] memZ = null;
    if (first.hasMemory()) {
      int mn = first.memoryM(0).length;
      int zn = first.memoryZ(0).length;
      memM = new double[layers * b * mn];
      memZ = new double[layers * b * zn];
      for (int r = 0; r < b; r++) {
        for (int l = 0; l < layers; l++) {
          System.arraycopy(states[r].memoryM(l), 0, memM, (l * b + r) * mn, mn);
          System.arraycopy(states[r].memoryZ(l), 0, memZ, (l * b + r) * zn, zn);
        }
      }
    }
    return new Packed(ema, count, mean, var, memM, memZ);
  }

  /** Row r's memory from the graph's stacked outputs into {@code out} (nothing without memory). */
  static void unpackMemory(StreamState.Builder out, StreamState previous, int r, int b, double[] memM,
      double[] memZ) {
    if (memM == null) {
      return;
    }
    int mn = previous.memoryM(0).length;
    int zn = previous.memoryZ(0).length;
    for (int l = 0; l < previous.numLayers(); l++) {
      out.memory(l, slice(memM, (l * b + r) * mn, mn), slice(memZ, (l * b + r) * zn, zn));
    }
  }

  /** Row r's next state: the graph's stacked outputs, counts and position advanced by its valid length. */
  static StreamState unpack(StreamState previous, int r, int b, int valid, float[] ema, double[] mean,
      double[] var, double[] memM, double[] memZ) {
    int layers = previous.numLayers();
    int d = previous.modelDim();
    int n = previous.emaOrder();
    int g = previous.normGroups();
    StreamState.Builder out = previous.toBuilder();
    for (int l = 0; l < layers; l++) {
      float[] re = new float[d * n];
      float[] im = new float[d * n];
      for (int dd = 0; dd < d; dd++) {
        int at = ((l * d + dd) * b + r) * 2 * n;
        System.arraycopy(ema, at, re, dd * n, n);
        System.arraycopy(ema, at + n, im, dd * n, n);
      }
      out.ema(l, re, im);
      out.norm(l, previous.normCount(l) + valid, slice(mean, (l * b + r) * g, g),
          slice(var, (l * b + r) * g, g));
    }
    out.outputNorm(previous.outputNormCount() + valid, slice(mean, (layers * b + r) * g, g),
        slice(var, (layers * b + r) * g, g));
    out.position(previous.position() + valid);
    unpackMemory(out, previous, r, b, memM, memZ);
    return out.build();
  }

  private static double[] slice(double[] a, int from, int n) {
    double[] out = new double[n];
    System.arraycopy(a, from, out, 0, n);
    return out;
  }
}
