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
   * One layer; norm weights are null when {@code norm_affine} is false, alpha when there is no rescale,
   * infiniBeta [H] when Infini memory is off.
   */
  record Layer(Host timenormWeight, Host timenormBias, EmaCoefficients ema, Host rmsWeight,
      Host wz, Host bz, Host wr, Host br, Host wh1, Host bh1, Host wv, Host bv, Host wh2,
      Host gamma, Host beta, Host ffnNormWeight, Host ffnNormBias, Host fc1, Host fc3, Host fc2,
      Host ffnAlpha, Host infiniBeta) {}

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
    return new Layer(
        affine(c, w, layer(i, "mega.timenorm.weight"), d),
        affine(c, w, layer(i, "mega.timenorm.bias"), d),
        ema,
        affine(c, w, layer(i, "mega.rmsnorm.weight"), d),
        dense(w, layer(i, "mega.wz.weight"), z, d), vector(w, layer(i, "mega.wz.bias"), z),
        dense(w, layer(i, "mega.wr.weight"), v, d), vector(w, layer(i, "mega.wr.bias"), v),
        dense(w, layer(i, "mega.wh1.weight"), d, d), vector(w, layer(i, "mega.wh1.bias"), d),
        dense(w, layer(i, "mega.wv.weight"), v, d), vector(w, layer(i, "mega.wv.bias"), v),
        dense(w, layer(i, "mega.wh2.weight"), d, v),
        new Host(w.get(layer(i, "mega.gamma")), 2, z),
        new Host(w.get(layer(i, "mega.beta")), 2, z),
        affine(c, w, layer(i, "nffn.norm.weight"), d),
        affine(c, w, layer(i, "nffn.norm.bias"), d),
        dense(w, layer(i, "nffn.fc1.weight"), f, d),
        c.swiglu() ? dense(w, layer(i, "nffn.fc3.weight"), f, d) : null,
        dense(w, layer(i, "nffn.fc2.weight"), d, f),
        c.rescaleNffn() ? vector(w, layer(i, "nffn.alpha"), d) : null,
        c.infini().enabled() ? new Host(w.infiniBeta(i), c.numHeads()) : null);
  }

  /** An official (out, in) weight as the [in, out] matrix the graph multiplies with. */
  private static Host dense(MegalodonWeights w, String name, int out, int in) {
    return new Host(transpose(w.get(name), out, in), in, out);
  }

  private static Host vector(MegalodonWeights w, String name, int n) {
    return new Host(w.get(name), n);
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
