package io.megaspark.megalodon.model;

import static io.megaspark.megalodon.weights.WeightLayout.layer;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.ema.ComplexEma;
import io.megaspark.megalodon.ema.EmaCoefficients;
import io.megaspark.megalodon.weights.MegalodonWeights;
import io.megaspark.megalodon.weights.WeightLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The weights rearranged once, on the host, into the layouts the graph multiplies with: dense weights
 * transposed to [In, Out], the three projections of M fused into one [D, z+v+D] matrix, fc1 and fc3 fused,
 * and the CEMA parameters turned into float64 coefficients (their per-sub-chunk matrices are cached per
 * sub-chunk length). Every graph of a model reads from the same arrays.
 */
final class HostWeights {
  /** Values and shape of one graph tensor. */
  record Host(float[] values, long... shape) {}

  /**
   * The attention weights of one head h (columns [h·Dz, (h+1)·Dz) of z, [h·Dv, (h+1)·Dv) of v); infiniBeta
   * [1] is the head's Infini gate logit, null when the memory is off.
   */
  record Head(Host wz, Host bz, Host gamma, Host beta, Host wv, Host bv, Host wr, Host br, Host wh2,
      Host infiniBeta) {}

  /**
   * One layer. The plus-one weights of the RMSNorm and of the FFN LayerNorm are folded into the matrices
   * that read their outputs ({@code M·W = x̃·diag(w+1)·W}; the LayerNorm bias becomes a bias of fc1/fc3),
   * which saves two passes over [B, T, D] per layer. TimestepNorm weights stay (CEMA reads its output).
   * Norm weights are null when {@code norm_affine} is false, fc3 without SwiGLU, alpha without rescale.
   */
  record Layer(Host timenormWeight, Host timenormBias, EmaCoefficients ema, Host wh1, Host bh1,
      List<Head> heads, Host fc1, Host bf1, Host fc3, Host bf3, Host fc2, Host ffnAlpha) {}

  /** The CEMA matrices of one layer for one sub-chunk length. */
  record EmaHost(Host fused, Host local, Host step, Host stepPowers) {}

  final MegalodonConfig config;
  final List<Layer> layers;
  final Host embed;
  final Host head;
  final Host finalNormWeight;
  final Host finalNormBias;
  private final Map<Integer, List<EmaHost>> emaBySubChunk = new ConcurrentHashMap<>();

  HostWeights(MegalodonConfig cfg, MegalodonWeights w) {
    this.config = cfg;
    checkPriors(cfg, w);
    int d = cfg.modelDim();
    List<Layer> list = new ArrayList<>();
    for (int i = 0; i < cfg.numLayers(); i++) {
      list.add(buildLayer(cfg, w, i));
    }
    layers = List.copyOf(list);
    embed = new Host(w.get(WeightLayout.EMBED), cfg.vocabSize(), d);
    head = new Host(transpose(w.get(WeightLayout.HEAD), cfg.outputVocab(), d), d, cfg.outputVocab());
    finalNormWeight = affine(cfg, w, WeightLayout.FINAL_NORM + ".weight", d);
    finalNormBias = affine(cfg, w, WeightLayout.FINAL_NORM + ".bias", d);
  }

  /** The CEMA matrices of every layer for sub-chunk length {@code s}, built on first use. */
  List<EmaHost> ema(int s) {
    return emaBySubChunk.computeIfAbsent(s, k -> {
      List<EmaHost> out = new ArrayList<>();
      int d = config.modelDim();
      int n2 = 2 * config.cemaNdim();
      for (Layer l : layers) {
        out.add(new EmaHost(new Host(ComplexEma.fusedMatrix(l.ema(), s), d, s + n2, s),
            new Host(l.ema().localStateMatrix(s), d, s, n2),
            new Host(l.ema().powerMatrix(s), d, n2, n2),
            new Host(l.ema().stepPowers(s), d, s, n2)));
      }
      return List.copyOf(out);
    });
  }

  private static Layer buildLayer(MegalodonConfig c, MegalodonWeights w, int i) {
    int d = c.modelDim();
    int z = c.zDim();
    int v = c.valueDim();
    int f = c.ffnHiddenDim();
    EmaCoefficients ema = EmaCoefficients.fromParameters(d, c.cemaNdim(),
        w.get(layer(i, "mega.cema.alpha")), w.get(layer(i, "mega.cema.delta")),
        w.get(layer(i, "mega.cema.theta")), w.get(layer(i, "mega.cema.gamma")),
        w.get(layer(i, "mega.cema.omega")));
    float[] rms = c.normAffine() ? w.get(layer(i, "mega.rmsnorm.weight")) : null;
    float[] wz = scaleRows(transpose(w.get(layer(i, "mega.wz.weight")), z, d), rms, d, z);
    float[] wr = scaleRows(transpose(w.get(layer(i, "mega.wr.weight")), v, d), rms, d, v);
    float[] wv = transpose(w.get(layer(i, "mega.wv.weight")), v, d);
    float[] wh2 = transpose(w.get(layer(i, "mega.wh2.weight")), d, v);
    float[] bz = w.get(layer(i, "mega.wz.bias"));
    float[] br = w.get(layer(i, "mega.wr.bias"));
    float[] bv = w.get(layer(i, "mega.wv.bias"));
    float[] gamma = w.get(layer(i, "mega.gamma"));
    float[] beta = w.get(layer(i, "mega.beta"));
    int dz = c.headDimZ();
    int dv = c.headDimV();
    float[] infiniBeta = c.infini().enabled() ? w.infiniBeta(i) : null;
    List<Head> heads = new ArrayList<>();
    for (int h = 0; h < c.numHeads(); h++) {
      heads.add(new Head(
          new Host(columns(wz, d, z, h * dz, dz), d, dz), new Host(columns(bz, 1, z, h * dz, dz), dz),
          new Host(columns(gamma, 2, z, h * dz, dz), 2, dz), new Host(columns(beta, 2, z, h * dz, dz), 2, dz),
          new Host(columns(wv, d, v, h * dv, dv), d, dv), new Host(columns(bv, 1, v, h * dv, dv), dv),
          new Host(columns(wr, d, v, h * dv, dv), d, dv), new Host(columns(br, 1, v, h * dv, dv), dv),
          new Host(rowsOf(wh2, d, h * dv, dv), dv, d),
          infiniBeta == null ? null : new Host(new float[] {infiniBeta[h]}, 1)));
    }
    float[] lnW = c.normAffine() ? w.get(layer(i, "nffn.norm.weight")) : null;
    float[] lnB = c.normAffine() ? w.get(layer(i, "nffn.norm.bias")) : null;
    float[] fc1 = transpose(w.get(layer(i, "nffn.fc1.weight")), f, d);
    float[] fc3 = c.swiglu() ? transpose(w.get(layer(i, "nffn.fc3.weight")), f, d) : null;
    return new Layer(
        affine(c, w, layer(i, "mega.timenorm.weight"), d),
        affine(c, w, layer(i, "mega.timenorm.bias"), d),
        ema,
        new Host(scaleRows(transpose(w.get(layer(i, "mega.wh1.weight")), d, d), rms, d, d), d, d),
        new Host(w.get(layer(i, "mega.wh1.bias")), d),
        List.copyOf(heads),
        new Host(scaleRows(fc1, lnW, d, f), d, f),
        lnB == null ? null : new Host(rowTimes(lnB, fc1, d, f), f),
        fc3 == null ? null : new Host(scaleRows(fc3, lnW, d, f), d, f),
        fc3 == null || lnB == null ? null : new Host(rowTimes(lnB, fc3, d, f), f),
        new Host(transpose(w.get(layer(i, "nffn.fc2.weight")), d, f), f, d),
        c.rescaleNffn() ? new Host(w.get(layer(i, "nffn.alpha")), d) : null);
  }

  /** diag(w+1)·m for an [rows, cols] matrix m (plus-one weight w per row); m itself when w is null. */
  static float[] scaleRows(float[] m, float[] plusOne, int rows, int cols) {
    if (plusOne == null) {
      return m;
    }
    float[] out = new float[m.length];
    for (int r = 0; r < rows; r++) {
      double s = plusOne[r] + 1.0;
      for (int col = 0; col < cols; col++) {
        out[r * cols + col] = (float) (s * m[r * cols + col]);
      }
    }
    return out;
  }

  /** b·m for a row vector b [rows] and an [rows, cols] matrix m, summed in float64. */
  static float[] rowTimes(float[] b, float[] m, int rows, int cols) {
    double[] acc = new double[cols];
    for (int r = 0; r < rows; r++) {
      for (int col = 0; col < cols; col++) {
        acc[col] += (double) b[r] * m[r * cols + col];
      }
    }
    float[] out = new float[cols];
    for (int col = 0; col < cols; col++) {
      out[col] = (float) acc[col];
    }
    return out;
  }

  /** Columns [from, from+n) of an [rows, cols] matrix. */
  static float[] columns(float[] m, int rows, int cols, int from, int n) {
    float[] out = new float[rows * n];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(m, r * cols + from, out, r * n, n);
    }
    return out;
  }

  /** Rows [from, from+n) of a matrix with {@code cols} columns. */
  static float[] rowsOf(float[] m, int cols, int from, int n) {
    float[] out = new float[n * cols];
    System.arraycopy(m, from * cols, out, 0, n * cols);
    return out;
  }

  /** A learned TimestepNorm prior (prior_count > 0) is not supported; the released configs have none. */
  private static void checkPriors(MegalodonConfig c, MegalodonWeights w) {
    List<String> norms = new ArrayList<>();
    for (int i = 0; i < c.numLayers(); i++) {
      norms.add(layer(i, "mega.timenorm"));
    }
    norms.add(WeightLayout.FINAL_NORM);
    for (String norm : norms) {
      String name = norm + ".prior_count";
      if (w.has(name) && w.get(name).length > 0 && w.get(name)[0] != 0f) {
        throw ModelErrors.unsupportedPrior(name, w.get(name)[0]);
      }
    }
  }

  private static Host affine(MegalodonConfig c, MegalodonWeights w, String name, int d) {
    return c.normAffine() ? new Host(w.get(name), d) : null;
  }

  /** (out, in) row-major -> (in, out) row-major. */
  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r = 0; r < rows; r++) {
      for (int col = 0; col < cols; col++) {
        t[col * rows + r] = a[r * cols + col];
      }
    }
    return t;
  }
}
