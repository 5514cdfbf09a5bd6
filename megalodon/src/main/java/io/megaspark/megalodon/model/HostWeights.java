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

  /** One layer; norm weights are null when {@code norm_affine} is false, alpha when there is no rescale. */
  record Layer(Host timenormWeight, Host timenormBias, EmaCoefficients ema, Host rmsWeight,
      Host fusedM, Host fusedMBias, Host wv, Host bv, Host wh2, Host gamma, Host beta,
      Host ffnNormWeight, Host ffnNormBias, Host fc13, Host fc2, Host ffnAlpha) {}

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
    // M feeds three projections (Z, the gate R and the first half of H): one [D, z+v+D] matmul.
    float[] fused = concatColumns(d,
        transpose(w.get(layer(i, "mega.wz.weight")), z, d),
        transpose(w.get(layer(i, "mega.wr.weight")), v, d),
        transpose(w.get(layer(i, "mega.wh1.weight")), d, d));
    float[] fusedBias = concat(w.get(layer(i, "mega.wz.bias")), w.get(layer(i, "mega.wr.bias")),
        w.get(layer(i, "mega.wh1.bias")));
    Host fc13 = c.swiglu()
        ? new Host(concatColumns(d, transpose(w.get(layer(i, "nffn.fc1.weight")), f, d),
            transpose(w.get(layer(i, "nffn.fc3.weight")), f, d)), d, 2L * f)
        : new Host(transpose(w.get(layer(i, "nffn.fc1.weight")), f, d), d, f);
    return new Layer(
        affine(c, w, layer(i, "mega.timenorm.weight"), d),
        affine(c, w, layer(i, "mega.timenorm.bias"), d),
        ema,
        affine(c, w, layer(i, "mega.rmsnorm.weight"), d),
        new Host(fused, d, (long) z + v + d),
        new Host(fusedBias, (long) z + v + d),
        new Host(transpose(w.get(layer(i, "mega.wv.weight")), v, d), d, v),
        new Host(w.get(layer(i, "mega.wv.bias")), v),
        new Host(transpose(w.get(layer(i, "mega.wh2.weight")), d, v), v, d),
        new Host(w.get(layer(i, "mega.gamma")), 2, z),
        new Host(w.get(layer(i, "mega.beta")), 2, z),
        affine(c, w, layer(i, "nffn.norm.weight"), d),
        affine(c, w, layer(i, "nffn.norm.bias"), d),
        fc13,
        new Host(transpose(w.get(layer(i, "nffn.fc2.weight")), d, f), f, d),
        c.rescaleNffn() ? new Host(w.get(layer(i, "nffn.alpha")), d) : null);
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

  /** Matrices with {@code rows} rows each, side by side. */
  private static float[] concatColumns(int rows, float[]... parts) {
    int total = 0;
    for (float[] p : parts) {
      total += p.length / rows;
    }
    float[] out = new float[rows * total];
    for (int r = 0; r < rows; r++) {
      int at = r * total;
      for (float[] p : parts) {
        int width = p.length / rows;
        System.arraycopy(p, r * width, out, at, width);
        at += width;
      }
    }
    return out;
  }

  private static float[] concat(float[]... parts) {
    int total = 0;
    for (float[] p : parts) {
      total += p.length;
    }
    float[] out = new float[total];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
