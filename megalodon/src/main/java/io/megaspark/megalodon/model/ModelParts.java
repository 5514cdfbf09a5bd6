package io.megaspark.megalodon.model;

import static io.megaspark.megalodon.graph.GraphOps.dense;
import static io.megaspark.megalodon.graph.GraphOps.reshape;

import io.megaspark.megalodon.attention.InfiniMemory;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.ema.ComplexEma;
import io.megaspark.megalodon.model.HostWeights.EmaHost;
import io.megaspark.megalodon.norm.TimestepNorm;
import io.megaspark.megalodon.rope.RotaryEmbedding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * The model's pieces wired into one graph for a block length T: the weight variables, the embedding, the
 * L blocks ({@link MegalodonLayer}), the output TimestepNorm and the LM head. {@link ModelGraph} chains
 * them into one forward pass; {@link StageGraph} gives each its own inputs, for the layer-wise scan. Both
 * therefore run exactly the same ops per block.
 */
final class ModelParts {
  /** Target sub-chunk length of the CEMA fast path (ComplexEma); the largest divisor of T not above it. */
  static final int EMA_SUB_CHUNK = 64;

  private final Ops tf;
  private final MegalodonConfig cfg;
  private final HostWeights host;
  private final RotaryEmbedding rope;
  private final GraphVariables vars;
  private final int subChunk;
  private final List<MegalodonLayer.Scopes> scopes = new ArrayList<>();
  private final List<MegalodonLayer> layers = new ArrayList<>();
  private Operand<TFloat32> head;

  /**
   * Creates every layer's name scopes first: TF Java's {@code withSubScope} scans all operations of the
   * graph, so they are made while the graph is still (nearly) empty.
   */
  ModelParts(Ops tf, HostWeights host, RotaryEmbedding rope, int length) {
    this.tf = tf;
    this.cfg = host.config;
    this.host = host;
    this.rope = rope;
    for (int l = 0; l < cfg.numLayers(); l++) {
      scopes.add(MegalodonLayer.Scopes.create(tf, l, cfg.numHeads()));
    }
    this.vars = new GraphVariables(tf);
    this.subChunk = ComplexEma.subChunkFor(length, EMA_SUB_CHUNK);
  }

  MegalodonConfig config() {
    return cfg;
  }

  /** [B, T] float32: 1 before each row's valid length, 0 after. */
  Operand<TFloat32> valid(Operand<TInt32> validLengths, int length) {
    return tf.dtypes.cast(tf.math.less(
        tf.expandDims(tf.range(tf.constant(0), tf.constant(length), tf.constant(1)), tf.constant(0)),
        tf.expandDims(validLengths, tf.constant(1))), TFloat32.class);
  }

  /**
   * The embedding lookup, optionally scaled by sqrt(D).
   *
   * @param tokens [B, T] int32
   * @return [B, T, D] float32
   */
  Operand<TFloat32> embed(Operand<TInt32> tokens) {
    Operand<TFloat32> x = tf.gather(vars.add("embed", host.embed), tokens, tf.constant(0));
    return cfg.scaleEmb() ? tf.math.mul(x, tf.constant((float) Math.sqrt(cfg.modelDim()))) : x;
  }

  /** Block {@code l} (MODEL.md 1.1); its weight variables are created on the first call. */
  MegalodonLayer.Output layer(int l, Operand<TFloat32> x, Operand<TFloat32> valid,
      Operand<TInt32> validLengths, MegalodonLayer.State in) {
    while (layers.size() <= l) {
      int i = layers.size();
      layers.add(new MegalodonLayer(cfg, layerWeights(host.layers.get(i), host.ema(subChunk).get(i),
          "layers." + i), subChunk, rope));
    }
    return layers.get(l).apply(scopes.get(l), x, valid, validLengths, in);
  }

  /** The output TimestepNorm (zero at padded steps), from the carried statistics. */
  TimestepNorm.Output outputNorm(Operand<TFloat32> x, Operand<TFloat32> valid, Operand<TFloat64> count,
      Operand<TFloat64> mean, Operand<TFloat64> var) {
    return new TimestepNorm(cfg.modelDim(), cfg.normNumGroups(), cfg.normEps(),
        vars.add("final_norm.weight", host.finalNormWeight),
        vars.add("final_norm.bias", host.finalNormBias), true)
        .apply(tf, x, valid, count, mean, var);
  }

  /**
   * The TimestepNorm statistics of x's valid steps alone, as if nothing came before (MODEL.md 1.10: a
   * range's local summary): per group the pooled mean and population variance over every (step, feature
   * of the group), which is what the step-by-step Welford merge of MODEL.md 1.3 ends with. Only totals are
   * needed, so this is two reductions over the steps instead of TimestepNorm's cumulative sums: the
   * per-step moments over each group's features in float32 (as TimestepNorm takes them), the sums over
   * steps in float64, the variance two-pass (centred on the pooled mean).
   *
   * @param x [B, T, D] float32
   * @param valid [B, T] float32
   * @return {mean, var} [B, G] float64 (0 for a row with no valid step)
   */
  List<Operand<TFloat64>> statistics(Operand<TFloat32> x, Operand<TFloat32> valid, int batch, int length) {
    int g = cfg.normNumGroups();
    Operand<TFloat32> xg = reshape(tf, x, batch, length, g, cfg.modelDim() / g);
    Operand<TFloat32> m32 = tf.math.mean(xg, tf.constant(3), Mean.keepDims(true));
    Operand<TFloat32> v32 = tf.math.mean(tf.math.square(tf.math.sub(xg, m32)), tf.constant(3));
    Operand<TFloat64> m = reshape(tf, tf.dtypes.cast(m32, TFloat64.class), batch, length, g);
    Operand<TFloat64> v = tf.dtypes.cast(v32, TFloat64.class);
    Operand<TFloat64> w = tf.expandDims(tf.dtypes.cast(valid, TFloat64.class), tf.constant(2));
    Operand<TFloat64> n = tf.math.maximum(tf.sum(w, tf.constant(1)), tf.constant(1.0)); // [B, 1]
    Operand<TFloat64> mean = tf.math.div(tf.sum(tf.math.mul(m, w), tf.constant(1)), n);
    Operand<TFloat64> spread = tf.math.add(v, tf.math.square(tf.math.sub(m, tf.expandDims(mean, tf.constant(1)))));
    Operand<TFloat64> var = tf.math.div(tf.sum(tf.math.mul(spread, w), tf.constant(1)), n);
    return List.of(mean, var);
  }

  /** The LM head (no bias): [B, T, D] to [B, T, V]. */
  Operand<TFloat32> logits(Operand<TFloat32> hidden) {
    if (head == null) {
      head = vars.add("head", host.head);
    }
    return dense(tf, hidden, head, null);
  }

  /**
   * log p(target) per position from a log-softmax over the vocabulary, NaN where the target is -1 or the
   * position is padding. Computed in the graph so [B, T, V] logits need not leave it.
   *
   * @param targets [B, T] int32
   * @return [B, T] float32
   */
  Operand<TFloat32> targetLogProbs(Operand<TFloat32> logits, Operand<TInt32> targets,
      Operand<TFloat32> valid, int batch, int length) {
    int vocab = cfg.outputVocab();
    Operand<TFloat32> logp = tf.nn.logSoftmax(reshape(tf, logits, (long) batch * length, vocab));
    Operand<TInt32> idx = reshape(tf, tf.math.maximum(targets, tf.constant(0)), (long) batch * length, 1);
    Operand<TFloat32> picked = reshape(tf,
        tf.gather(logp, idx, tf.constant(1), Gather.batchDims(1L)), batch, length);
    Operand<TBool> none = tf.math.logicalOr(
        tf.math.less(targets, tf.constant(0)), tf.math.equal(valid, tf.constant(0f)));
    return tf.select(none, tf.fill(tf.constant(new int[] {batch, length}), tf.constant(Float.NaN)), picked);
  }

  /** A layer's memories [B, H, Dz, Dv] and [B, H, Dz] as H per-head states. */
  List<InfiniMemory.State> headMemories(Operand<TFloat64> m, Operand<TFloat64> z) {
    int heads = cfg.numHeads();
    List<org.tensorflow.Output<TFloat64>> ms = tf.unstack(m, (long) heads, Unstack.axis(1L)).output();
    List<org.tensorflow.Output<TFloat64>> zs = tf.unstack(z, (long) heads, Unstack.axis(1L)).output();
    List<InfiniMemory.State> out = new ArrayList<>();
    for (int h = 0; h < heads; h++) {
      out.add(new InfiniMemory.State(ms.get(h), zs.get(h)));
    }
    return out;
  }

  /** H per-head memories back to {M [B, H, Dz, Dv], z [B, H, Dz]}. */
  List<Operand<TFloat64>> stackMemories(List<InfiniMemory.State> memory) {
    return List.of(tf.stack(memory.stream().map(InfiniMemory.State::m).toList(), Stack.axis(1L)),
        tf.stack(memory.stream().map(InfiniMemory.State::z).toList(), Stack.axis(1L)));
  }

  /**
   * The graph's session with every weight variable created so far assigned (once per graph); on failure
   * the session is closed and the error rethrown (the caller closes the graph).
   */
  Session start(Graph graph, Function<Graph, Session> newSession) {
    Session session = newSession.apply(graph);
    try {
      vars.initialize(session);
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** Op type of every node of a graph, by name (for step statistics in profiles and tests). */
  static Map<String, String> nodeTypes(Graph graph) {
    Map<String, String> types = new HashMap<>();
    graph.operations().forEachRemaining(op -> types.put(op.name(), op.type()));
    return types;
  }

  /** Closes a graph's session, then the graph. */
  static void close(Session session, Graph graph) {
    try {
      session.close();
    } finally {
      graph.close();
    }
  }

  private MegalodonLayer.Weights layerWeights(HostWeights.Layer l, EmaHost e, String p) {
    ComplexEma.Weights ema = new ComplexEma.Weights(vars.add(p + ".cema.fused", e.fused()),
        vars.add(p + ".cema.local", e.local()), vars.add(p + ".cema.step", e.step()),
        vars.add(p + ".cema.step_powers", e.stepPowers()));
    List<MegalodonLayer.Head> heads = new ArrayList<>();
    for (int h = 0; h < l.heads().size(); h++) {
      HostWeights.Head hw = l.heads().get(h);
      String q = p + ".head" + h;
      heads.add(new MegalodonLayer.Head(vars.add(q + ".wz", hw.wz()), vars.add(q + ".wz.bias", hw.bz()),
          vars.add(q + ".gamma", hw.gamma()), vars.add(q + ".beta", hw.beta()),
          vars.add(q + ".wv", hw.wv()), vars.add(q + ".wv.bias", hw.bv()),
          vars.add(q + ".wr", hw.wr()), vars.add(q + ".wr.bias", hw.br()),
          vars.add(q + ".wh2", hw.wh2()), vars.add(q + ".infini_beta", hw.infiniBeta())));
    }
    return new MegalodonLayer.Weights(
        vars.add(p + ".timenorm.weight", l.timenormWeight()),
        vars.add(p + ".timenorm.bias", l.timenormBias()), ema,
        vars.add(p + ".wh1", l.wh1()), vars.add(p + ".wh1.bias", l.bh1()), List.copyOf(heads),
        vars.add(p + ".nffn.fc1", l.fc1()), vars.add(p + ".nffn.fc1.bias", l.bf1()),
        vars.add(p + ".nffn.fc3", l.fc3()), vars.add(p + ".nffn.fc3.bias", l.bf3()),
        vars.add(p + ".nffn.fc2", l.fc2()), vars.add(p + ".nffn.alpha", l.ffnAlpha()));
  }
}
