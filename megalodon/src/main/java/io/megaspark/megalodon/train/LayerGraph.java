package io.megaspark.megalodon.train;

import io.megaspark.megalodon.config.MegalodonConfig;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TNumber;

/**
 * One MEGALODON block (MODEL.md 1.1), differentiable, written as the numbered steps there. The block
 * input X is the residual of both the attention part and, two hops later, the FFN.
 */
final class LayerGraph {
  /** Carried state of one layer: CEMA h [D, B, 2N]; TimestepNorm count [B], mean [B, G], var [B, G]. */
  record State<T extends TNumber>(Operand<T> ema, Operand<T> count, Operand<T> mean, Operand<T> var) {}

  /** @param y [B, T, D] block output; @param state the state after the block */
  record Output<T extends TNumber>(Operand<T> y, State<T> state) {}

  /** What the layer needs besides its inputs. */
  record Settings(MegalodonConfig config, int chunk, int emaSubChunk, RotaryTable rope, AttentionPattern pattern) {}

  private LayerGraph() {}

  static <T extends TNumber> Output<T> apply(GraphMath<T> g, Settings s, int layer, WeightSource<T> w,
      LoraPath<T> lora, Operand<T> x, Operand<T> valid, State<T> in) {
    MegalodonConfig c = s.config();
    String p = "layers." + layer + ".";
    double eps = c.normEps();
    // 1. TimestepNorm with the carried statistics
    TimestepNormGraph.Output<T> tsn = TimestepNormGraph.apply(g, x, valid, in.count(), in.mean(), in.var(),
        w.optional(p + "mega.timenorm.weight"), w.optional(p + "mega.timenorm.bias"), c.normNumGroups(), eps);
    // 2. CEMA from the carried h
    EmaGraph.Output<T> ema = EmaGraph.apply(g, new EmaGraph.Parameters<>(w.get(p + "mega.cema.alpha"),
        w.get(p + "mega.cema.delta"), w.get(p + "mega.cema.theta"), w.get(p + "mega.cema.gamma"),
        w.get(p + "mega.cema.omega")), tsn.y(), in.ema(), c.cemaNdim(), s.emaSubChunk());
    // 3. plus-one RMSNorm
    Operand<T> m = g.mul(ema.y(), g.tf.math.rsqrt(g.add(g.mean(g.tf.math.square(ema.y()), 2), g.scalar(eps))));
    Operand<T> rmsWeight = w.optional(p + "mega.rmsnorm.weight");
    if (rmsWeight != null) {
      m = g.mul(m, g.plusOne(rmsWeight));
    }
    // 4-8. Z from M, V from the TimestepNorm output, gate R from M, attention
    Operand<T> z = project(g, w, lora, layer, "wz", m, true);
    Operand<T> v = g.silu(project(g, w, lora, layer, "wv", tsn.y(), true));
    Operand<T> r = g.silu(project(g, w, lora, layer, "wr", m, true));
    Operand<T> o = AttentionGraph.apply(g, z, v, w.get(p + "mega.gamma"), w.get(p + "mega.beta"),
        c.numHeads(), s.chunk(), eps, s.rope(), s.pattern());
    // 9-10. Hout = M·Wh1ᵀ + b + (O⊙R)·Wh2ᵀ, no activation; residual X
    Operand<T> hout = g.add(project(g, w, lora, layer, "wh1", m, true),
        project(g, w, lora, layer, "wh2", g.mul(o, r), false));
    Operand<T> yHat = g.add(hout, x);
    // 11. FFN of LayerNorm(Ŷ), residual X again (two hops)
    Operand<T> f = ffn(g, c, w, p, layerNorm(g, yHat, w.optional(p + "nffn.norm.weight"),
        w.optional(p + "nffn.norm.bias"), eps));
    Operand<T> y = g.add(f, x);
    return new Output<>(y, new State<>(ema.state(), tsn.count(), tsn.mean(), tsn.var()));
  }

  /** {@code x·Wᵀ (+ b)} of projection {@code key}, plus its LoRA path when it has one. */
  private static <T extends TNumber> Operand<T> project(GraphMath<T> g, WeightSource<T> w, LoraPath<T> lora,
      int layer, String key, Operand<T> x, boolean bias) {
    String base = "layers." + layer + ".mega." + key;
    Operand<T> y = g.dense(x, w.get(base + ".weight"), bias ? w.get(base + ".bias") : null);
    Operand<T> extra = lora == null ? null : lora.apply(g, layer, key, x);
    return extra == null ? y : g.add(y, extra);
  }

  static <T extends TNumber> Operand<T> layerNorm(GraphMath<T> g, Operand<T> x, Operand<T> weight,
      Operand<T> bias, double eps) {
    int last = x.shape().numDimensions() - 1;
    Operand<T> centered = g.sub(x, g.mean(x, last));
    Operand<T> y = g.mul(centered, g.tf.math.rsqrt(g.add(g.mean(g.tf.math.square(centered), last), g.scalar(eps))));
    if (weight != null) {
      y = g.mul(y, g.plusOne(weight));
    }
    return bias == null ? y : g.add(y, bias);
  }

  private static <T extends TNumber> Operand<T> ffn(GraphMath<T> g, MegalodonConfig c, WeightSource<T> w,
      String p, Operand<T> u) {
    Operand<T> hidden = g.silu(g.dense(u, w.get(p + "nffn.fc1.weight"), null));
    if (c.swiglu()) {
      hidden = g.mul(hidden, g.dense(u, w.get(p + "nffn.fc3.weight"), null));
    }
    Operand<T> out = g.dense(hidden, w.get(p + "nffn.fc2.weight"), null);
    return c.rescaleNffn() ? g.mul(out, w.get(p + "nffn.alpha")) : out;
  }
}
