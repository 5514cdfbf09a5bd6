package io.megaspark.megalodon.model;

import io.megaspark.megalodon.config.MegalodonConfig;
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
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * The whole model as one TensorFlow graph for a fixed (batch B, block length T), with its session. Inputs
 * are placeholders (tokens, valid lengths, optional targets, the stacked states of the B rows), weights
 * are variables initialised once ({@link ModelParts} wires the pieces). One {@code Session.run} per block.
 *
 * <p>State layouts (stacked over rows): CEMA {@code [L, D, B, 2N]} float32 ([re | im] on the last axis),
 * TimestepNorm counts {@code [L+1, B]} and mean/var {@code [L+1, B, G]} float64, where index L is the
 * output norm. With Infini memory: M {@code [L, B, H, Dz, Dv]} and z {@code [L, B, H, Dz]} float64;
 * without it those placeholders and outputs are null.
 */
final class ModelGraph implements AutoCloseable {
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
      boolean infini = cfg.infini().enabled();
      memoryM = !infini ? null : tf.withName("memory_m").placeholder(TFloat64.class,
          Placeholder.shape(Shape.of(layers, batch, cfg.numHeads(), cfg.headDimZ(), cfg.headDimV())));
      memoryZ = !infini ? null : tf.withName("memory_z").placeholder(TFloat64.class,
          Placeholder.shape(Shape.of(layers, batch, cfg.numHeads(), cfg.headDimZ())));
      ModelParts parts = new ModelParts(tf, host, rope, length);
      List<Operand<TFloat64>> memMIn = infini ? unstack(tf, memoryM, layers) : null;
      List<Operand<TFloat64>> memZIn = infini ? unstack(tf, memoryZ, layers) : null;
      List<Operand<TFloat32>> emaIn = unstack(tf, emaState, layers);
      List<Operand<TFloat64>> countIn = unstack(tf, normCount, layers + 1);
      List<Operand<TFloat64>> meanIn = unstack(tf, normMean, layers + 1);
      List<Operand<TFloat64>> varIn = unstack(tf, normVar, layers + 1);

      Operand<TFloat32> valid = parts.valid(validLengths, length);
      Operand<TFloat32> x = parts.embed(tokens);
      List<Operand<TFloat32>> emaNext = new ArrayList<>();
      List<Operand<TFloat64>> meanNext = new ArrayList<>();
      List<Operand<TFloat64>> varNext = new ArrayList<>();
      List<Operand<TFloat32>> perLayer = new ArrayList<>();
      List<Operand<TFloat64>> memMNext = new ArrayList<>();
      List<Operand<TFloat64>> memZNext = new ArrayList<>();
      for (int l = 0; l < layers; l++) {
        MegalodonLayer.Output out = parts.layer(l, x, valid, validLengths,
            new MegalodonLayer.State(countIn.get(l), meanIn.get(l), varIn.get(l), emaIn.get(l),
                infini ? parts.headMemories(memMIn.get(l), memZIn.get(l)) : null));
        x = out.y();
        if (infini) {
          List<Operand<TFloat64>> mem = parts.stackMemories(out.state().memory());
          memMNext.add(mem.get(0));
          memZNext.add(mem.get(1));
        }
        perLayer.add(x);
        emaNext.add(out.state().ema());
        meanNext.add(out.state().mean());
        varNext.add(out.state().var());
      }
      // Final TimestepNorm and LM head.
      TimestepNorm.Output fin = parts.outputNorm(x, valid, countIn.get(layers), meanIn.get(layers),
          varIn.get(layers));
      meanNext.add(fin.mean());
      varNext.add(fin.var());
      hidden = fin.y();
      logits = parts.logits(hidden);
      targetLogProbs = parts.targetLogProbs(logits, targets, valid, batch, length);
      hiddenMean = tf.math.div(tf.sum(hidden, tf.constant(1)), tf.expandDims(
          tf.math.maximum(tf.dtypes.cast(validLengths, TFloat32.class), tf.constant(1f)), tf.constant(1)));
      layerHidden = tf.stack(perLayer);
      emaOut = tf.stack(emaNext);
      meanOut = tf.stack(meanNext);
      varOut = tf.stack(varNext);
      memoryMOut = infini ? tf.stack(memMNext) : null;
      memoryZOut = infini ? tf.stack(memZNext) : null;
      this.session = parts.start(graph, newSession);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  private static <T extends org.tensorflow.types.family.TType> List<Operand<T>> unstack(Ops tf,
      Operand<T> x, int n) {
    return new ArrayList<>(tf.unstack(x, (long) n, Unstack.axis(0L)).output());
  }

  /** Op type of every node, by name (for profiles). */
  java.util.Map<String, String> nodeTypes() {
    return ModelParts.nodeTypes(graph);
  }

  Session session() {
    return session;
  }

  @Override
  public void close() {
    ModelParts.close(session, graph);
  }
}
