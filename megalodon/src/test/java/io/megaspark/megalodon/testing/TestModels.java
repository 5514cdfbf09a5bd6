package io.megaspark.megalodon.testing;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Small configs and weights for property tests. */
public final class TestModels {
  private TestModels() {}

  /** 2 layers, D 16, 2 heads of Dz 4 / Dv 6, N 4, chunk 4, G 4, vocab 20, SwiGLU. */
  public static MegalodonConfig micro() {
    return MegalodonConfig.builder().numLayers(2).modelDim(16).zDim(8).valueDim(12).numHeads(2)
        .ffnHiddenDim(24).cemaNdim(4).chunkSize(4).normNumGroups(4).vocabSize(20).swiglu(true).build();
  }

  /**
   * Initialised weights with every tensor perturbed by N(0, scale), so plus-one weights, biases, the
   * attention gamma/beta and the imaginary part of the CEMA gamma are all non-zero, as in the goldens.
   */
  public static MegalodonWeights perturbed(MegalodonConfig c, long seed, double scale) {
    MegalodonWeights w = MegalodonWeights.initialize(c, seed);
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    Map<String, float[]> m = new LinkedHashMap<>();
    for (String n : w.names()) {
      if (c.shareEmb() && n.equals("output.output.weight")) {
        continue;
      }
      float[] v = w.get(n);
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (r.nextGaussian() * scale);
      }
      m.put(n, v);
    }
    return MegalodonWeights.of(c, m);
  }

  public static int[] tokens(MegalodonConfig c, int length, long seed) {
    return new SplittableRandom(seed).ints(length, 0, c.vocabSize()).toArray();
  }
}
