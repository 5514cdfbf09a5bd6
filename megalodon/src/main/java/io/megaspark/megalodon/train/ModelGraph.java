package io.megaspark.megalodon.train;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.lora.LoraAdapters;
import io.megaspark.megalodon.weights.WeightLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * The whole model as one differentiable graph (MODEL.md 1.1 "Model level") plus the next-token loss:
 * embedding → blocks → output TimestepNorm → LM head → log-softmax → cross-entropy over the positions
 * that have a target. Weights, adapters and the carried state are placeholders, fed every step; the
 * state out is a plain output, so no gradient flows between steps (truncated BPTT).
 */
final class ModelGraph<T extends TNumber> {
  final GraphSpec spec;
  final Placeholder<TInt32> tokens;
  final Placeholder<TInt32> targets;
  final Placeholder<TInt32> validLengths;
  final Placeholder<TInt64> seed;
  final Map<String, Placeholder<T>> weights = new LinkedHashMap<>();
  final Map<String, Placeholder<T>> adapters = new LinkedHashMap<>();
  final List<LayerGraph.State<T>> stateIn = new ArrayList<>();
  final List<LayerGraph.State<T>> stateOut = new ArrayList<>();
  final LayerGraph.State<T> outputStateIn;
  final LayerGraph.State<T> outputStateOut;
  /** [B, T] negative log-likelihood in nats (0 where there is no target). */
  final Operand<T> nll;
  /** Mean nll over the positions with a target. */
  final Operand<T> loss;
  /** Gradient of {@link #loss} for each trainable name. */
  final Map<String, Output<?>> gradients = new LinkedHashMap<>();

  /**
   * @param device every op of the forward pass is pinned to it ({@code Placement.device()}); the gradient
   *     ops TensorFlow adds carry no device and go where the placer puts them (with soft placement: the
   *     GPU when it has a kernel, else the CPU)
   */
  ModelGraph(Graph graph, GraphSpec spec, Class<T> type, DeviceSpec device) {
    this.spec = spec;
    MegalodonConfig c = spec.config();
    Ops tf = Ops.create(graph).withDevice(device);
    GraphMath<T> g = new GraphMath<>(tf, type);
    int b = spec.batch();
    int t = spec.blockTokens();
    tokens = tf.withName("tokens").placeholder(TInt32.class, Placeholder.shape(Shape.of(b, t)));
    targets = tf.withName("targets").placeholder(TInt32.class, Placeholder.shape(Shape.of(b, t)));
    validLengths = tf.withName("valid_lengths").placeholder(TInt32.class, Placeholder.shape(Shape.of(b)));
    seed = tf.withName("dropout_seed").placeholder(TInt64.class, Placeholder.shape(LoraPath.seedShape()));
    Map<String, long[]> layout = new LinkedHashMap<>(WeightLayout.required(c));
    for (var e : layout.entrySet()) {
      weights.put(e.getKey(), tf.placeholder(type, Placeholder.shape(Shape.of(e.getValue()))));
    }
    WeightSource<T> source = new WeightSource<>() {
      @Override
      public Operand<T> get(String name) {
        Operand<T> w = name.equals(WeightLayout.HEAD) && c.shareEmb() ? weights.get(WeightLayout.EMBED) : weights.get(name);
        if (w == null) {
          throw new IllegalArgumentException("the model has no weight '" + name + "'");
        }
        return w;
      }

      @Override
      public Operand<T> optional(String name) {
        return weights.get(name);
      }
    };
    LoraPath<T> lora = null;
    if (spec.lora().isPresent()) {
      LoraAdapters.layout(c, spec.lora().get()).forEach((name, shape) ->
          adapters.put(name, tf.placeholder(type, Placeholder.shape(Shape.of(shape)))));
      lora = new LoraPath<>(spec.lora().get(), new LinkedHashMap<>(adapters), seed, !spec.trainable().isEmpty());
    }
    // Embedding (times √D with scale_emb).
    Operand<T> x = tf.gather(source.get(WeightLayout.EMBED), tokens, tf.constant(0));
    if (c.scaleEmb()) {
      x = g.mul(x, g.scalar(Math.sqrt(c.modelDim())));
    }
    Operand<TInt32> positions = tf.range(tf.constant(0), tf.constant(t), tf.constant(1));
    Operand<T> valid = g.cast(tf.dtypes.cast(tf.math.less(tf.expandDims(positions, tf.constant(0)),
        tf.expandDims(validLengths, tf.constant(1))), TInt32.class));
    LayerGraph.Settings settings = new LayerGraph.Settings(c, spec.chunk(), spec.emaSubChunk(), spec.rope(), spec.pattern());
    for (int l = 0; l < c.numLayers(); l++) {
      LayerGraph.State<T> in = statePlaceholders(tf, type, c, b, true);
      stateIn.add(in);
      LayerGraph.Output<T> out = LayerGraph.apply(g, settings, l, source, lora, x, valid, in);
      stateOut.add(out.state());
      x = out.y();
    }
    outputStateIn = statePlaceholders(tf, type, c, b, false);
    TimestepNormGraph.Output<T> fin = TimestepNormGraph.apply(g, x, valid, outputStateIn.count(),
        outputStateIn.mean(), outputStateIn.var(), source.optional(WeightLayout.FINAL_NORM + ".weight"),
        source.optional(WeightLayout.FINAL_NORM + ".bias"), c.normNumGroups(), c.normEps());
    outputStateOut = new LayerGraph.State<>(null, fin.count(), fin.mean(), fin.var());
    Operand<T> logits = g.dense(fin.y(), source.get(WeightLayout.HEAD), null);
    // Rank 2 on purpose: TensorFlow's C++ LogSoftmax gradient sums over axis 1, right only for [rows, V].
    Operand<T> logp = g.reshape(tf.nn.logSoftmax(g.reshape(logits, (long) b * t, c.outputVocab())), b, t, c.outputVocab());
    Operand<T> picked = tf.sum(g.mul(logp, tf.oneHot(targets, tf.constant(c.outputVocab()), g.scalar(1), g.scalar(0))),
        tf.constant(2));
    Operand<T> hasTarget = g.cast(tf.dtypes.cast(tf.math.greaterEqual(targets, tf.constant(0)), TInt32.class));
    nll = tf.withName("nll").math.neg(g.mul(picked, hasTarget));
    Operand<T> count = tf.math.maximum(tf.sum(hasTarget, tf.constant(new int[] {0, 1})), g.scalar(1));
    loss = tf.withName("loss").math.div(tf.sum(nll, tf.constant(new int[] {0, 1})), count);
    addGradients(graph);
  }

  private void addGradients(Graph graph) {
    if (spec.trainable().isEmpty()) {
      return;
    }
    List<String> names = new ArrayList<>();
    List<Output<?>> xs = new ArrayList<>();
    for (String name : spec.trainable()) {
      Placeholder<T> p = weights.containsKey(name) ? weights.get(name) : adapters.get(name);
      if (p == null) {
        throw new IllegalArgumentException("trainable tensor '" + name + "' is neither a weight nor an adapter"
            + " of this model");
      }
      names.add(name);
      xs.add(p.asOutput());
    }
    Output<?>[] grads = graph.addGradients(loss.asOutput(), xs.toArray(new Output<?>[0]));
    for (int i = 0; i < names.size(); i++) {
      gradients.put(names.get(i), grads[i]);
    }
  }

  private static <T extends TNumber> LayerGraph.State<T> statePlaceholders(Ops tf, Class<T> type,
      MegalodonConfig c, int b, boolean withEma) {
    Placeholder<T> ema = withEma ? tf.placeholder(type, Placeholder.shape(Shape.of(c.modelDim(), b, 2L * c.cemaNdim())))
        : null;
    return new LayerGraph.State<>(ema,
        tf.placeholder(type, Placeholder.shape(Shape.of(b))),
        tf.placeholder(type, Placeholder.shape(Shape.of(b, c.normNumGroups()))),
        tf.placeholder(type, Placeholder.shape(Shape.of(b, c.normNumGroups()))));
  }
}
