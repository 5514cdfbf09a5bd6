package io.megaspark.megalodon.model;

import static io.megaspark.megalodon.graph.GraphOps.dense;
import static io.megaspark.megalodon.graph.GraphOps.reshape;
import static io.megaspark.megalodon.graph.GraphOps.silu;

import io.megaspark.megalodon.attention.ChunkedAttention;
import io.megaspark.megalodon.attention.InfiniMemory;
import io.megaspark.megalodon.attention.SharedQueryKey;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.ema.ComplexEma;
import io.megaspark.megalodon.graph.Shapes;
import io.megaspark.megalodon.norm.LayerNorm;
import io.megaspark.megalodon.norm.RmsNorm;
import io.megaspark.megalodon.norm.TimestepNorm;
import io.megaspark.megalodon.rope.RotaryEmbedding;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * One MEGALODON block (MODEL.md 1.1) as graph ops, with its carried state in and out. The numbered steps
 * in {@link #apply} follow MODEL.md 1.1.
 */
final class MegalodonLayer {
  /** Graph operands of one layer's weights (layouts as in {@link HostWeights}); norms null without affine. */
  record Weights(Operand<TFloat32> timenormWeight, Operand<TFloat32> timenormBias,
      ComplexEma.Weights ema, Operand<TFloat32> rmsWeight, Operand<TFloat32> wz,
      Operand<TFloat32> bz, Operand<TFloat32> wr, Operand<TFloat32> br, Operand<TFloat32> wh1,
      Operand<TFloat32> bh1, Operand<TFloat32> wv, Operand<TFloat32> bv, Operand<TFloat32> wh2,
      Operand<TFloat32> gamma, Operand<TFloat32> beta, Operand<TFloat32> ffnNormWeight,
      Operand<TFloat32> ffnNormBias, Operand<TFloat32> fc1, Operand<TFloat32> fc3,
      Operand<TFloat32> fc2, Operand<TFloat32> ffnAlpha, Operand<TFloat32> infiniBeta) {}

  /**
   * Carried state of one layer.
   *
   * @param count [B] float64 TimestepNorm count
   * @param mean [B, G] float64
   * @param var [B, G] float64
   * @param ema [D, B, 2N] float32 CEMA h as [re | im]
   * @param memory the Infini memory, null when the config disables it
   */
  record State(Operand<TFloat64> count, Operand<TFloat64> mean, Operand<TFloat64> var,
      Operand<TFloat32> ema, InfiniMemory.State memory) {}

  /**
   * @param y [B, T, D] float32 block output
   * @param state the next state (count is unchanged here; the host adds the valid lengths)
   */
  record Output(Operand<TFloat32> y, State state) {}

  private final MegalodonConfig cfg;
  private final Weights w;
  private final TimestepNorm timenorm;
  private final ComplexEma ema;
  private final RmsNorm rmsNorm;
  private final SharedQueryKey queryKey;
  private final ChunkedAttention attention;
  private final LayerNorm ffnNorm;
  private final InfiniMemory memory;

  MegalodonLayer(MegalodonConfig cfg, Weights w, int subChunk, RotaryEmbedding rope) {
    this.cfg = cfg;
    this.w = w;
    int d = cfg.modelDim();
    this.timenorm = new TimestepNorm(d, cfg.normNumGroups(), cfg.normEps(), w.timenormWeight(),
        w.timenormBias(), false);
    this.ema = new ComplexEma(d, cfg.cemaNdim(), subChunk, w.ema());
    this.rmsNorm = new RmsNorm(d, cfg.normEps(), w.rmsWeight());
    this.queryKey = new SharedQueryKey(cfg.numHeads(), cfg.headDimZ(), cfg.normEps(), w.gamma(),
        w.beta(), rope);
    this.attention = new ChunkedAttention(cfg.numHeads(), cfg.headDimZ(), cfg.headDimV(),
        cfg.attentionChunk());
    this.memory = cfg.infini().enabled() ? new InfiniMemory(cfg.numHeads(), cfg.headDimZ(),
        cfg.headDimV(), cfg.attentionChunk(), cfg.infini().update(), w.infiniBeta()) : null;
    this.ffnNorm = new LayerNorm(d, cfg.normEps(), w.ffnNormWeight(), w.ffnNormBias());
  }

  /**
   * @param x [B, T, D] float32 block input
   * @param valid [B, T] float32 1 for real tokens, 0 for padding
   * @param validLengths [B] int32
   */
  Output apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> valid, Operand<TInt32> validLengths,
      State in) {
    int d = cfg.modelDim();
    int z = cfg.zDim();
    int v = cfg.valueDim();
    Shapes.check("x", x, "B", "T", d);
    int b = Shapes.dim(x, 0);
    int t = Shapes.dim(x, 1);
    // 1. TimestepNorm with the carried statistics.
    TimestepNorm.Output tsn = timenorm.apply(tf.withSubScope("timenorm"), x, valid, in.count(), in.mean(), in.var());
    Operand<TFloat32> xhat = tsn.y();
    // 2. CEMA with the carried h.
    ComplexEma.Output cema = ema.apply(tf.withSubScope("cema"), xhat, in.ema(), validLengths);
    // 3. Plus-one RMSNorm.
    Operand<TFloat32> m = rmsNorm.apply(tf.withSubScope("rmsnorm"), cema.y());
    // 4, 7, 9a. The three projections of M: Z, the gate R and the first term of H. Separate matmuls (each
    // fused with its bias by grappler) cost less than one fused matmul plus three strided slices.
    Operand<TFloat32> zz = dense(tf, m, w.wz(), w.bz());
    Operand<TFloat32> gate = silu(tf, dense(tf, m, w.wr(), w.br()));
    Operand<TFloat32> h1 = dense(tf, m, w.wh1(), w.bh1());
    // 5. Normalised shared Z -> Q, K (affine, RoPE inside the chunk).
    SharedQueryKey.Output qk = queryKey.apply(tf.withSubScope("qk"), zz);
    // 6. V from the TimestepNorm output.
    Operand<TFloat32> value = silu(tf, dense(tf, xhat, w.wv(), w.bv()));
    // 8. Block-diagonal causal attention.
    Operand<TFloat32> heads = reshape(tf, value, b, t, cfg.numHeads(), cfg.headDimV());
    Operand<TFloat32> o = attention.apply(tf.withSubScope("attention"), qk.q(), qk.k(), heads);
    InfiniMemory.State memoryOut = null;
    if (memory != null) {
      // 8b. Infini memory (MODEL.md 4): Q, K before RoPE; the gated mix replaces O before the gate R.
      InfiniMemory.Output mem = memory.apply(tf.withSubScope("infini"), qk.qNoRope(), qk.kNoRope(), heads,
          o, valid, in.memory());
      o = mem.mixed();
      memoryOut = mem.next();
    }
    // 9, 10. H = M·Wh1 + b + (O ⊙ R)·Wh2, then the first residual on the raw input.
    Operand<TFloat32> hout = tf.math.add(h1, dense(tf, tf.math.mul(o, gate), w.wh2(), null));
    Operand<TFloat32> yhat = tf.math.add(hout, x);
    // 11. FFN on LayerNorm(Ŷ), second hop of the residual again on the raw input X.
    Operand<TFloat32> y = tf.math.add(ffn(tf.withSubScope("ffn"), ffnNorm.apply(tf.withSubScope("ffn_norm"), yhat)), x);
    return new Output(y, new State(in.count(), tsn.mean(), tsn.var(), cema.state(), memoryOut));
  }

  private Operand<TFloat32> ffn(Ops tf, Operand<TFloat32> u) {
    Operand<TFloat32> hidden = silu(tf, dense(tf, u, w.fc1(), null));
    if (cfg.swiglu()) {
      hidden = tf.math.mul(hidden, dense(tf, u, w.fc3(), null));
    }
    Operand<TFloat32> out = dense(tf, hidden, w.fc2(), null);
    return w.ffnAlpha() == null ? out : tf.math.mul(out, w.ffnAlpha());
  }
}
