package io.megaspark.megalodon.reference;

import static io.megaspark.megalodon.reference.ReferenceMath.toDoubles;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.MegalodonWeights;
import io.megaspark.megalodon.weights.WeightLayout;

/**
 * One block's parameters in float64, state-dict layout (MODEL.md 1.6). Norm weights and biases are null
 * with {@code norm_affine = false}; fc3 is null without SwiGLU; ffnAlpha is null without rescale;
 * infiniBeta [H] is null without Infini memory ({@link MegalodonWeights#infiniBeta} otherwise).
 */
record ReferenceLayerWeights(
    double[] timenormWeight, double[] timenormBias,
    ReferenceEma.Coefficients ema,
    double[] rmsnormWeight,
    double[] wz, double[] bz, double[] wv, double[] bv, double[] wr, double[] br,
    double[] wh1, double[] bh1, double[] wh2,
    double[] gamma, double[] beta,
    double[] ffnNormWeight, double[] ffnNormBias,
    double[] fc1, double[] fc2, double[] fc3, double[] ffnAlpha, double[] infiniBeta) {

  static ReferenceLayerWeights of(MegalodonWeights w, int layer) {
    MegalodonConfig c = w.config();
    Get g = name -> {
      String full = WeightLayout.layer(layer, name);
      return w.has(full) ? toDoubles(w.get(full)) : null;
    };
    ReferenceEma.Coefficients ema = ReferenceEma.coefficients(g.get("mega.cema.alpha"),
        g.get("mega.cema.delta"), g.get("mega.cema.theta"), g.get("mega.cema.gamma"),
        g.get("mega.cema.omega"), c.modelDim(), c.cemaNdim());
    return new ReferenceLayerWeights(g.get("mega.timenorm.weight"), g.get("mega.timenorm.bias"), ema,
        g.get("mega.rmsnorm.weight"),
        g.get("mega.wz.weight"), g.get("mega.wz.bias"), g.get("mega.wv.weight"), g.get("mega.wv.bias"),
        g.get("mega.wr.weight"), g.get("mega.wr.bias"), g.get("mega.wh1.weight"),
        g.get("mega.wh1.bias"), g.get("mega.wh2.weight"), g.get("mega.gamma"), g.get("mega.beta"),
        g.get("nffn.norm.weight"), g.get("nffn.norm.bias"), g.get("nffn.fc1.weight"),
        g.get("nffn.fc2.weight"), g.get("nffn.fc3.weight"), g.get("nffn.alpha"),
        c.infini().enabled() ? toDoubles(w.infiniBeta(layer)) : null);
  }

  private interface Get {
    double[] get(String name);
  }
}
