package io.megaspark.megalodon.weights;

import io.megaspark.megalodon.config.MegalodonConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Initial parameters for training from scratch and for tests (MODEL.md 1.1-1.2 "Init"): CEMA as the
 * official code does it, plus-one norm weights and the attention gamma/beta at 0, biases at 0, linear
 * weights Xavier-normal, embeddings N(0, 1/D), Infini gates (when enabled) at {@code infini.gate_init}.
 * Deterministic for a seed.
 */
final class WeightInit {
  private WeightInit() {}

  static Map<String, float[]> initialize(MegalodonConfig c, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, long[]> layout = WeightLayout.required(c);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : layout.entrySet()) {
      out.put(e.getKey(), init(c, e.getKey(), e.getValue(), rnd));
    }
    if (c.infini().enabled()) {
      for (int i = 0; i < c.numLayers(); i++) {
        float[] beta = new float[c.numHeads()];
        java.util.Arrays.fill(beta, (float) c.infini().gateInit());
        out.put(WeightLayout.layer(i, WeightLayout.INFINI_BETA), beta);
      }
    }
    return out;
  }

  private static float[] init(MegalodonConfig c, String name, long[] shape, SplittableRandom rnd) {
    int n = Math.toIntExact(TensorData.numel(shape));
    if (name.equals(WeightLayout.EMBED)) {
      return normal(n, 1.0 / Math.sqrt(c.modelDim()), rnd);
    }
    if (name.endsWith("cema.alpha") || name.endsWith("cema.delta")) {
      return normal(n, 0.2, rnd);
    }
    if (name.endsWith("cema.theta")) {
      return theta(c.modelDim(), rnd);
    }
    if (name.endsWith("cema.gamma")) {
      float[] g = normal(n, 1.0, rnd);
      for (int i = 1; i < n; i += 2) {
        g[i] = 0f; // imaginary part starts at 0
      }
      return g;
    }
    if (name.endsWith("cema.omega")) {
      return truncatedNormal(n, 0.25, 1.0, rnd);
    }
    if (name.endsWith("nffn.alpha")) {
      int layer = Integer.parseInt(name.split("\\.")[1]);
      float[] a = new float[n];
      java.util.Arrays.fill(a, (float) (0.1 * Math.pow(0.5, layer)));
      return a;
    }
    if (shape.length == 2 && name.endsWith(".weight")) {
      double std = Math.sqrt(2.0 / (shape[0] + shape[1]));
      return normal(n, std, rnd);
    }
    // norm weights (plus-one, so 0 is identity), biases, attention gamma/beta: all zero
    return new float[n];
  }

  /**
   * theta = logit of exp(-k ln D / D) for k = 1..D, randomly permuted, so sigmoid(theta) spreads the base
   * angles geometrically over (1/D, 1).
   */
  private static float[] theta(int d, SplittableRandom rnd) {
    float[] t = new float[d];
    for (int k = 1; k <= d; k++) {
      double p = Math.exp(-k * Math.log(d) / d);
      p = Math.min(p, 1 - 1e-6); // D = 1 would give p = 1 and an infinite logit
      t[k - 1] = (float) Math.log(p / (1 - p));
    }
    for (int i = d - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      float tmp = t[i];
      t[i] = t[j];
      t[j] = tmp;
    }
    return t;
  }

  private static float[] normal(int n, double std, SplittableRandom rnd) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (gaussian(rnd) * std);
    }
    return out;
  }

  private static float[] truncatedNormal(int n, double std, double bound, SplittableRandom rnd) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      double v;
      do {
        v = gaussian(rnd) * std;
      } while (Math.abs(v) > bound);
      out[i] = (float) v;
    }
    return out;
  }

  /** Box-Muller, so the stream depends only on the seed and not on the JDK's Random internals. */
  private static double gaussian(SplittableRandom rnd) {
    double u1 = 1.0 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
