package io.megaspark.megalodon.model;

import static io.megaspark.megalodon.graph.GraphOps.dense;
import static io.megaspark.megalodon.graph.GraphOps.silu;

import io.megaspark.megalodon.attention.ChunkedAttention;
import io.megaspark.megalodon.attention.SharedQueryKey;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.ema.ComplexEma;
import io.megaspark.megalodon.graph.Shapes;
import io.megaspark.megalodon.norm.LayerNorm;
import io.megaspark.megalodon.norm.RmsNorm;
import io.megaspark.megalodon.norm.TimestepNorm;
import io.megaspark.megalodon.rope.RotaryEmbedding;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * One MEGALODON block (MODEL.md 1.1) as graph ops, with its carried state in and out. The numbered steps
 * in {@link #apply} follow MODEL.md 1.1. Heads are computed one by one on [B, T, Dz] / [B, T, Dv] operands
 * (see {@link ChunkedAttention}), and {@code (O ⊙ R)·Wh2} is summed over heads.
 */
final class MegalodonLayer {
  /** One head's weight operands (layouts as in {@link HostWeights.Head}). */
  record Head(Operand<TFloat32> wz, Operand<TFloat32> bz, Operand<TFloat32> gamma,
      Operand<TFloat32> beta, Operand<TFloat32> wv, Operand<TFloat32> bv, Operand<TFloat32> wr,
      Operand<TFloat32> br, Operand<TFloat32> wh2) {}

  /** Graph operands of one layer's weights (layouts and folding as in {@link HostWeights.Layer}). */
  record Weights(Operand<TFloat32> timenormWeight, Operand<TFloat32> timenormBias,
      ComplexEma.Weights ema, Operand<TFloat32> wh1, Operand<TFloat32> bh1, List<Head> heads,
      Operand<TFloat32> fc1, Operand<TFloat32> bf1, Operand<TFloat32> fc3, Operand<TFloat32> bf3,
      Operand<TFloat32> fc2, Operand<TFloat32> ffnAlpha) {}

  /**
   * Carried state of one layer.
   *
   * @param count [B] float64 TimestepNorm count
   * @param mean [B, G] float64
   * @param var [B, G] float64
   * @param ema [D, B, 2N] float32 CEMA h as [re | im]
   */
  record State(Operand<TFloat64> count, Operand<TFloat64> mean, Operand<TFloat64> var,
      Operand<TFloat32> ema) {}

  /**
   * @param y [B, T, D] float32 block output
   * @param state the next state (count is unchanged here; the host adds the valid lengths)
   */
  record Output(Operand<TFloat32> y, State state) {}

  /**
   * Name scopes of one layer's parts ("layer3/cema/...", readable in profiles). TF Java's
   * {@code withSubScope} scans every operation of the graph, so the model creates all scopes while the
   * graph is still empty ({@link #create}), not while the layers are being wired.
   */
  record Scopes(Ops top, Ops timenorm, Ops cema, Ops rmsnorm, List<Ops> heads, Ops ffnNorm, Ops ffn) {
    static Scopes create(Ops tf, int layer, int heads) {
      Ops top = tf.withSubScope("layer" + layer);
      List<Ops> h = new java.util.ArrayList<>();
      for (int i = 0; i < heads; i++) {
        h.add(top.withSubScope("head" + i));
      }
      return new Scopes(top, top.withSubScope("timenorm"), top.withSubScope("cema"),
          top.withSubScope("rmsnorm"), List.copyOf(h), top.withSubScope("ffn_norm"),
          top.withSubScope("ffn"));
    }
  }

  private final MegalodonConfig cfg;
  private final Weights w;
  private final TimestepNorm timenorm;
  private final ComplexEma ema;
  private final RmsNorm rmsNorm;
  private final List<SharedQueryKey> queryKeys;
  private final ChunkedAttention attention;
  private final LayerNorm ffnNorm;

  MegalodonLayer(MegalodonConfig cfg, Weights w, int subChunk, RotaryEmbedding rope) {
    this.cfg = cfg;
    this.w = w;
    int d = cfg.modelDim();
    this.timenorm = new TimestepNorm(d, cfg.normNumGroups(), cfg.normEps(), w.timenormWeight(),
        w.timenormBias(), false);
    this.ema = new ComplexEma(d, cfg.cemaNdim(), subChunk, w.ema());
    // The plus-one weights of these two norms are folded into the matmuls that read them (HostWeights).
    this.rmsNorm = new RmsNorm(d, cfg.normEps(), null);
    this.ffnNorm = new LayerNorm(d, cfg.normEps(), null, null);
    this.queryKeys = w.heads().stream().map(h -> new SharedQueryKey(cfg.headDimZ(), cfg.normEps(),
        h.gamma(), h.beta(), rope)).toList();
    this.attention = new ChunkedAttention(cfg.headDimZ(), cfg.headDimV(), cfg.chunkSize());
  }

  /**
   * @param scopes this layer's name scopes, made by {@link Scopes#create}
   * @param x [B, T, D] float32 block input
   * @param valid [B, T] float32 1 for real tokens, 0 for padding
   * @param validLengths [B] int32
   */
  Output apply(Scopes scopes, Operand<TFloat32> x, Operand<TFloat32> valid,
      Operand<TInt32> validLengths, State in) {
    Ops tf = scopes.top();
    Shapes.check("x", x, "B", "T", cfg.modelDim());
    // 1. TimestepNorm with the carried statistics.
    TimestepNorm.Output tsn = timenorm.apply(scopes.timenorm(), x, valid, in.count(),
        in.mean(), in.var());
    Operand<TFloat32> xhat = tsn.y();
    // 2. CEMA with the carried h.
    ComplexEma.Output cema = ema.apply(scopes.cema(), xhat, in.ema(), validLengths);
    // 3. RMSNorm (its plus-one weight lives in Wz, Wr and Wh1).
    Operand<TFloat32> m = rmsNorm.apply(scopes.rmsnorm(), cema.y());
    // 9a. H starts as M·Wh1 + b.
    Operand<TFloat32> hout = dense(tf, m, w.wh1(), w.bh1());
    for (int h = 0; h < w.heads().size(); h++) {
      Ops th = scopes.heads().get(h);
      Head hw = w.heads().get(h);
      // 4, 5. This head's slice of Z, normalised, then Q and K (affine, RoPE inside the chunk).
      SharedQueryKey.Output qk = queryKeys.get(h).apply(th, dense(th, m, hw.wz(), hw.bz()));
      // 6. V from the TimestepNorm output; 7. the gate R from M.
      Operand<TFloat32> value = silu(th, dense(th, xhat, hw.wv(), hw.bv()));
      Operand<TFloat32> gate = silu(th, dense(th, m, hw.wr(), hw.br()));
      // 8. Block-diagonal causal attention.
      Operand<TFloat32> o = attention.apply(th, qk.q(), qk.k(), value);
      // 9b. + (O ⊙ R)·Wh2, this head's rows of Wh2.
      hout = tf.math.add(hout, dense(th, th.math.mul(o, gate), hw.wh2(), null));
    }
    // 10. First residual, on the raw block input.
    Operand<TFloat32> yhat = tf.math.add(hout, x);
    // 11. FFN on LayerNorm(Ŷ) (its affine lives in fc1/fc3), second hop again on the raw input X.
    Operand<TFloat32> u = ffnNorm.apply(scopes.ffnNorm(), yhat);
    Operand<TFloat32> y = tf.math.add(ffn(scopes.ffn(), u), x);
    return new Output(y, new State(in.count(), tsn.mean(), tsn.var(), cema.state()));
  }

  private Operand<TFloat32> ffn(Ops tf, Operand<TFloat32> u) {
    Operand<TFloat32> hidden = silu(tf, dense(tf, u, w.fc1(), w.bf1()));
    if (cfg.swiglu()) {
      hidden = tf.math.mul(hidden, dense(tf, u, w.fc3(), w.bf3()));
    }
    Operand<TFloat32> out = dense(tf, hidden, w.fc2(), null);
    return w.ffnAlpha() == null ? out : tf.math.mul(out, w.ffnAlpha());
  }
}
