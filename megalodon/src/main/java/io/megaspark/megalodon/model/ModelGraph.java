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
import java.util.List;
import java.util.function.Function;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * The whole model as one TensorFlow graph for a fixed (batch B, block length T), with its session. Inputs
 * are placeholders (tokens, valid lengths, optional targets, the stacked states of the B rows), weights
 * are variables initialised once. One {@code Session.run} per block.
 *
 * <p>State layouts (stacked over rows): CEMA {@code [L, D, B, 2N]} float32 ([re | im] on the last axis),
 * TimestepNorm counts {@code [L+1, B]} and mean/var {@code [L+1, B, G]} float64, where index L is the
 * output norm. With Infini memory: M {@code [L, B, H, Dz, Dv]} and z {@code [L, B, H, Dz]} float64;
 * without it those placeholders and outputs are null.
 */
final class ModelGraph implements AutoCloseable {
  /** Target sub-chunk length of the CEMA fast path (ComplexEma); the largest divisor of T not above it. */
  static final int EMA_SUB_CHUNK = 64;

  final int batch;
  final int length;
  private final Graph graph;
  private final Session session;
  final Placeholder<TInt32> tokens;
  final Placeholder<TInt32> validLengths;
  final Placeholder<TInt32> targets;
  final Placeholder<TFloat32> emaState;
  final Placeholder<TFloat64> normCount;
  final Placeholder<TFloat64> normMean;
  final Placeholder<TFloat64> normVar;
  final Placeholder<TFloat64> memoryM;
  final Placeholder<TFloat64> memoryZ;
  final Operand<TFloat32> logits;
  final Operand<TFloat32> targetLogProbs;
  final Operand<TFloat32> hidden;
  final Operand<TFloat32> hiddenMean;
  final Operand<TFloat32> layerHidden;
  final Operand<TFloat32> emaOut;
  final Operand<TFloat64> meanOut;
  final Operand<TFloat64> varOut;
  final Operand<TFloat64> memoryMOut;
  final Operand<TFloat64> memoryZOut;

  ModelGraph(HostWeights host, RotaryEmbedding rope, int batch, int length, DeviceSpec device,
      Function<Graph, Session> newSession) {
    MegalodonConfig cfg = host.config;
    this.batch = batch;
    this.length = length;
    int layers = cfg.numLayers();
    int d = cfg.modelDim();
    int g = cfg.normNumGroups();
    int n2 = 2 * cfg.cemaNdim();
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph).withDevice(device);
      tokens = tf.withName("tokens").placeholder(TInt32.class, Placeholder.shape(Shape.of(batch, length)));
      validLengths = tf.withName("valid_lengths")
          .placeholder(TInt32.class, Placeholder.shape(Shape.of(batch)));
      targets = tf.withName("targets").placeholder(TInt32.class, Placeholder.shape(Shape.of(batch, length)));
      emaState = tf.withName("ema_state").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(layers, d, batch, n2)));
      normCount = tf.withName("norm_count").placeholder(TFloat64.class,
          Placeholder.shape(Shape.of(layers + 1, batch)));
      normMean = tf.withName("norm_mean").placeholder(TFloat64.class,
          Placeholder.shape(Shape.of(layers + 1, batch, g)));
      normVar = tf.withName("norm_var").placeholder(TFloat64.class,
          Placeholder.shape(Shape.of(layers + 1, batch, g)));

      List<MegalodonLayer.Scopes> scopes = new ArrayList<>();
      for (int l = 0; l < layers; l++) {
        scopes.add(MegalodonLayer.Scopes.create(tf, l, cfg.numHeads()));
      }
      boolean infini = cfg.infini().enabled();
      int heads = cfg.numHeads();
      memoryM = !infini ? null : tf.withName("memory_m").placeholder(TFloat64.class,
          Placeholder.shape(Shape.of(layers, batch, heads, cfg.headDimZ(), cfg.headDimV())));
      memoryZ = !infini ? null : tf.withName("memory_z").placeholder(TFloat64.class,
          Placeholder.shape(Shape.of(layers, batch, heads, cfg.headDimZ())));
      List<Operand<TFloat64>> memMIn = infini ? unstack(tf, memoryM, layers) : null;
      List<Operand<TFloat64>> memZIn = infini ? unstack(tf, memoryZ, layers) : null;

      GraphVariables vars = new GraphVariables(tf);
      int subChunk = ComplexEma.subChunkFor(length, EMA_SUB_CHUNK);
      List<EmaHost> emaHost = host.ema(subChunk);
      List<Operand<TFloat32>> emaIn = unstack(tf, emaState, layers);
      List<Operand<TFloat64>> countIn = unstack(tf, normCount, layers + 1);
      List<Operand<TFloat64>> meanIn = unstack(tf, normMean, layers + 1);
      List<Operand<TFloat64>> varIn = unstack(tf, normVar, layers + 1);

      Operand<TFloat32> valid = tf.dtypes.cast(tf.math.less(
          tf.expandDims(tf.range(tf.constant(0), tf.constant(length), tf.constant(1)), tf.constant(0)),
          tf.expandDims(validLengths, tf.constant(1))), TFloat32.class);
      // Embedding (optionally scaled by sqrt(D)).
      Operand<TFloat32> x = tf.gather(vars.add("embed", host.embed), tokens, tf.constant(0));
      if (cfg.scaleEmb()) {
        x = tf.math.mul(x, tf.constant((float) Math.sqrt(d)));
      }
      List<Operand<TFloat32>> emaNext = new ArrayList<>();
      List<Operand<TFloat64>> meanNext = new ArrayList<>();
      List<Operand<TFloat64>> varNext = new ArrayList<>();
      List<Operand<TFloat32>> perLayer = new ArrayList<>();
      List<Operand<TFloat64>> memMNext = new ArrayList<>();
      List<Operand<TFloat64>> memZNext = new ArrayList<>();
      for (int l = 0; l < layers; l++) {
        MegalodonLayer layer = new MegalodonLayer(cfg,
            layerWeights(vars, host.layers.get(l), emaHost.get(l), "layers." + l), subChunk, rope);
        MegalodonLayer.Output out = layer.apply(scopes.get(l), x, valid, validLengths,
            new MegalodonLayer.State(countIn.get(l), meanIn.get(l), varIn.get(l), emaIn.get(l),
                infini ? headMemories(tf, memMIn.get(l), memZIn.get(l), heads) : null));
        x = out.y();
        if (infini) {
          memMNext.add(tf.stack(out.state().memory().stream().map(InfiniMemory.State::m).toList(),
              Stack.axis(1L)));
          memZNext.add(tf.stack(out.state().memory().stream().map(InfiniMemory.State::z).toList(),
              Stack.axis(1L)));
        }
        perLayer.add(x);
        emaNext.add(out.state().ema());
        meanNext.add(out.state().mean());
        varNext.add(out.state().var());
      }
      // Final TimestepNorm and LM head.
      TimestepNorm.Output fin = new TimestepNorm(d, g, cfg.normEps(),
          vars.add("final_norm.weight", host.finalNormWeight),
          vars.add("final_norm.bias", host.finalNormBias), true)
          .apply(tf, x, valid, countIn.get(layers), meanIn.get(layers), varIn.get(layers));
      meanNext.add(fin.mean());
      varNext.add(fin.var());
      hidden = fin.y();
      logits = dense(tf, hidden, vars.add("head", host.head), null);
      targetLogProbs = targetLogProbs(tf, logits, valid, cfg.outputVocab());
      hiddenMean = tf.math.div(tf.sum(hidden, tf.constant(1)), tf.expandDims(
          tf.math.maximum(tf.dtypes.cast(validLengths, TFloat32.class), tf.constant(1f)), tf.constant(1)));
      layerHidden = tf.stack(perLayer);
      emaOut = tf.stack(emaNext);
      meanOut = tf.stack(meanNext);
      varOut = tf.stack(varNext);
      memoryMOut = infini ? tf.stack(memMNext) : null;
      memoryZOut = infini ? tf.stack(memZNext) : null;
      this.session = newSession.apply(graph);
      try {
        vars.initialize(session);
      } catch (RuntimeException e) {
        session.close();
        throw e;
      }
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  private MegalodonLayer.Weights layerWeights(GraphVariables vars, HostWeights.Layer l, EmaHost e,
      String p) {
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

  /**
   * log p(target) per position from a log-softmax over the vocabulary, NaN where the target is -1 or the
   * position is padding. Computed in the graph so [B, T, V] logits need not leave it.
   *
   * @return [B, T] float32
   */
  private Operand<TFloat32> targetLogProbs(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> valid,
      int vocab) {
    Operand<TFloat32> logp = tf.nn.logSoftmax(reshape(tf, logits, (long) batch * length, vocab));
    Operand<TInt32> idx = reshape(tf, tf.math.maximum(targets, tf.constant(0)), (long) batch * length, 1);
    Operand<TFloat32> picked = reshape(tf,
        tf.gather(logp, idx, tf.constant(1), Gather.batchDims(1L)), batch, length);
    Operand<org.tensorflow.types.TBool> none = tf.math.logicalOr(
        tf.math.less(targets, tf.constant(0)), tf.math.equal(valid, tf.constant(0f)));
    return tf.select(none, tf.fill(tf.constant(new int[] {batch, length}), tf.constant(Float.NaN)), picked);
  }

  /** A layer's memories [B, H, Dz, Dv] and [B, H, Dz] as H per-head states. */
  private static List<InfiniMemory.State> headMemories(Ops tf, Operand<TFloat64> m, Operand<TFloat64> z,
      int heads) {
    List<org.tensorflow.Output<TFloat64>> ms = tf.unstack(m, (long) heads, Unstack.axis(1L)).output();
    List<org.tensorflow.Output<TFloat64>> zs = tf.unstack(z, (long) heads, Unstack.axis(1L)).output();
    List<InfiniMemory.State> out = new ArrayList<>();
    for (int h = 0; h < heads; h++) {
      out.add(new InfiniMemory.State(ms.get(h), zs.get(h)));
    }
    return out;
  }

  private static <T extends org.tensorflow.types.family.TType> List<Operand<T>> unstack(Ops tf,
      Operand<T> x, int n) {
    return new ArrayList<>(tf.unstack(x, (long) n, Unstack.axis(0L)).output());
  }

  /** Op type of every node, by name (for profiles). */
  java.util.Map<String, String> nodeTypes() {
    java.util.Map<String, String> types = new java.util.HashMap<>();
    graph.operations().forEachRemaining(op -> types.put(op.name(), op.type()));
    return types;
  }

  Session session() {
    return session;
  }

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      graph.close();
    }
  }
}
