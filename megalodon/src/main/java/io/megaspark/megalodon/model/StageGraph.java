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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * The model as separately fed stages for one row of block length T, in one graph and session (weights
 * initialised once): the embedding, each block with its own input and carried state, and the output
 * TimestepNorm with the LM head. The layer-wise scan (MODEL.md 1.10) runs one stage at a time over a
 * range's blocks. The pieces are {@link ModelParts}, the same as in {@link ModelGraph}, so a block computes
 * exactly what it computes inside the whole model.
 *
 * <p>TensorFlow runs only the ops that the fetched outputs depend on: fetching a block's next CEMA and
 * TimestepNorm state without its output runs steps 1-2 of MODEL.md 1.1 and none of the attention or FFN
 * (checked by LayerwiseModelTest through the run's step statistics).
 *
 * <p>Layouts (B = 1): x and y [1, T, D] float32; TimestepNorm count [1], mean and var [1, G] float64;
 * CEMA h [D, 1, 2N] float32 ([re | im]); Infini memory M [1, H, Dz, Dv] and z [1, H, Dz] float64.
 */
final class StageGraph implements AutoCloseable {
  /** One block's inputs and outputs. Memory operands are null without Infini memory. */
  record LayerPorts(Placeholder<TFloat32> x, Placeholder<TFloat64> count, Placeholder<TFloat64> mean,
      Placeholder<TFloat64> var, Placeholder<TFloat32> ema, Placeholder<TFloat64> memoryM,
      Placeholder<TFloat64> memoryZ, Operand<TFloat32> y, Operand<TFloat64> meanOut,
      Operand<TFloat64> varOut, Operand<TFloat32> emaOut, Operand<TFloat64> memoryMOut,
      Operand<TFloat64> memoryZOut, Operand<TFloat64> yMean, Operand<TFloat64> yVar) {}

  /** The output norm and the LM head. */
  record HeadPorts(Placeholder<TFloat32> x, Placeholder<TFloat64> count, Placeholder<TFloat64> mean,
      Placeholder<TFloat64> var, Operand<TFloat32> targetLogProbs, Operand<TFloat64> meanOut,
      Operand<TFloat64> varOut) {}

  final int length;
  private final Graph graph;
  private final Session session;
  final Placeholder<TInt32> tokens;
  final Placeholder<TInt32> validLengths;
  final Placeholder<TInt32> targets;
  /** [1, T, D] the embedding and its local statistics {mean, var} [1, G]. */
  final Operand<TFloat32> embedded;
  final List<Operand<TFloat64>> embeddedStats;
  final List<LayerPorts> layers;
  final HeadPorts head;

  StageGraph(HostWeights host, RotaryEmbedding rope, int length, DeviceSpec device,
      Function<Graph, Session> newSession) {
    MegalodonConfig cfg = host.config;
    this.length = length;
    this.graph = new Graph();
    try {
      Ops tf = device == null ? Ops.create(graph) : Ops.create(graph).withDevice(device);
      ModelParts parts = new ModelParts(tf, host, rope, length);
      tokens = tf.withName("tokens").placeholder(TInt32.class, Placeholder.shape(Shape.of(1, length)));
      validLengths = tf.withName("valid_lengths").placeholder(TInt32.class, Placeholder.shape(Shape.of(1)));
      targets = tf.withName("targets").placeholder(TInt32.class, Placeholder.shape(Shape.of(1, length)));
      Operand<TFloat32> valid = parts.valid(validLengths, length);
      embedded = parts.embed(tokens);
      embeddedStats = parts.statistics(embedded, valid, 1, length);
      List<LayerPorts> list = new ArrayList<>();
      for (int l = 0; l < cfg.numLayers(); l++) {
        list.add(layer(tf, parts, l, valid));
      }
      layers = List.copyOf(list);
      head = head(tf, parts, valid);
      this.session = parts.start(graph, newSession);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  private LayerPorts layer(Ops tf, ModelParts parts, int l, Operand<TFloat32> valid) {
    MegalodonConfig cfg = parts.config();
    String p = "layer" + l + "_in_";
    Placeholder<TFloat32> x = tf.withName(p + "x").placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(1, length, cfg.modelDim())));
    Placeholder<TFloat64> count = tf.withName(p + "count").placeholder(TFloat64.class,
        Placeholder.shape(Shape.of(1)));
    Placeholder<TFloat64> mean = stats(tf, p + "mean", cfg);
    Placeholder<TFloat64> var = stats(tf, p + "var", cfg);
    Placeholder<TFloat32> ema = tf.withName(p + "ema").placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(cfg.modelDim(), 1, 2L * cfg.cemaNdim())));
    boolean infini = cfg.infini().enabled();
    Placeholder<TFloat64> memM = !infini ? null : tf.withName(p + "memory_m").placeholder(TFloat64.class,
        Placeholder.shape(Shape.of(1, cfg.numHeads(), cfg.headDimZ(), cfg.headDimV())));
    Placeholder<TFloat64> memZ = !infini ? null : tf.withName(p + "memory_z").placeholder(TFloat64.class,
        Placeholder.shape(Shape.of(1, cfg.numHeads(), cfg.headDimZ())));
    MegalodonLayer.Output out = parts.layer(l, x, valid, validLengths, new MegalodonLayer.State(count,
        mean, var, ema, infini ? parts.headMemories(memM, memZ) : null));
    List<Operand<TFloat64>> mem = infini ? parts.stackMemories(out.state().memory()) : null;
    List<Operand<TFloat64>> yStats = parts.statistics(out.y(), valid, 1, length);
    return new LayerPorts(x, count, mean, var, ema, memM, memZ, out.y(), out.state().mean(),
        out.state().var(), out.state().ema(), infini ? mem.get(0) : null, infini ? mem.get(1) : null,
        yStats.get(0), yStats.get(1));
  }

  private HeadPorts head(Ops tf, ModelParts parts, Operand<TFloat32> valid) {
    MegalodonConfig cfg = parts.config();
    Placeholder<TFloat32> x = tf.withName("head_in_x").placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(1, length, cfg.modelDim())));
    Placeholder<TFloat64> count = tf.withName("head_in_count").placeholder(TFloat64.class,
        Placeholder.shape(Shape.of(1)));
    Placeholder<TFloat64> mean = stats(tf, "head_in_mean", cfg);
    Placeholder<TFloat64> var = stats(tf, "head_in_var", cfg);
    TimestepNorm.Output fin = parts.outputNorm(x, valid, count, mean, var);
    Operand<TFloat32> logp = parts.targetLogProbs(parts.logits(fin.y()), targets, valid, 1, length);
    return new HeadPorts(x, count, mean, var, logp, fin.mean(), fin.var());
  }

  private static Placeholder<TFloat64> stats(Ops tf, String name, MegalodonConfig cfg) {
    return tf.withName(name).placeholder(TFloat64.class,
        Placeholder.shape(Shape.of(1, cfg.normNumGroups())));
  }

  Session session() {
    return session;
  }

  @Override
  public void close() {
    ModelParts.close(session, graph);
  }
}
