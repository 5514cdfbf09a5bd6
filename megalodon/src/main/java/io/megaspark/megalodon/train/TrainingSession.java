package io.megaspark.megalodon.train;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.device.DevicePlacement;
import io.megaspark.megalodon.device.DeviceRequest;
import io.megaspark.megalodon.device.Placement;
import io.megaspark.megalodon.model.StreamState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * A built {@link ModelGraph} with its session: maps (weights, adapters, carried states, one batch) to
 * (loss, per-position nll, gradients, states out). Owns its graph and session; close it.
 */
public final class TrainingSession implements AutoCloseable {
  private final GraphSpec spec;
  private final Placement placement;
  private final Graph graph;
  private final Session session;
  private final ModelGraph<?> model;
  private final TensorIo io;

  /**
   * A session on the CPU.
   *
   * @param threads TensorFlow intra-op threads (0 = TensorFlow's default, all cores)
   */
  public TrainingSession(GraphSpec spec, int threads) {
    this(spec, placement(DeviceRequest.CPU, threads));
  }

  /**
   * A session where {@code placement} says: the graph is pinned to its device and the session gets its
   * configuration, as {@code MegalodonModel} does (docs/gpu.md).
   */
  public TrainingSession(GraphSpec spec, Placement placement) {
    this(spec, placement, Session::new);
  }

  /** As above with a session factory: lets tests see the graph and configuration a GPU placement gives. */
  TrainingSession(GraphSpec spec, Placement placement, BiFunction<Graph, ConfigProto, Session> sessions) {
    this.spec = spec;
    this.placement = placement;
    this.graph = new Graph();
    try {
      this.model = spec.float64() ? new ModelGraph<>(graph, spec, TFloat64.class, placement.device())
          : new ModelGraph<>(graph, spec, TFloat32.class, placement.device());
      this.session = sessions.apply(graph, placement.config());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
    this.io = new TensorIo(spec.float64());
  }

  /**
   * Where a training session for {@code device} runs ({@link DevicePlacement#place}: a GPU that this
   * process cannot use falls back to the CPU, said once in the log).
   *
   * @param threads TensorFlow intra-op threads (0 = all cores); inter-op threads 1 when this is 1, else
   *     TensorFlow's default
   */
  public static Placement placement(DeviceRequest device, int threads) {
    return DevicePlacement.place(device, threads, threads == 1 ? 1 : 0);
  }

  /** Where this session runs. */
  public Placement placement() {
    return placement;
  }

  public GraphSpec spec() {
    return spec;
  }

  /**
   * Runs the graph on one batch.
   *
   * @param weights every weight of the model by official name (frozen ones too)
   * @param adapters LoRA adapters when the spec has LoRA, else ignored (may be null)
   * @param states [B] each row's carried state before its block
   * @param tokens [B][T] inputs; {@code targets} [B][T] next tokens or {@link TrainingBatch#IGNORE}
   * @param validLengths [B] real inputs per row
   * @param dropoutSeed seeds the LoRA dropout masks of this step
   */
  public StepResult run(ParameterSet weights, ParameterSet adapters, StreamState[] states, int[][] tokens,
      int[][] targets, int[] validLengths, long dropoutSeed) {
    checkBatch(states, tokens, targets, validLengths);
    List<Tensor> owned = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      runner.feed(model.tokens, own(owned, TensorIo.ints(tokens)));
      runner.feed(model.targets, own(owned, TensorIo.ints(targets)));
      runner.feed(model.validLengths, own(owned, TensorIo.ints(validLengths)));
      runner.feed(model.seed, own(owned, TensorIo.longs(new long[] {dropoutSeed, 0})));
      for (var e : model.weights.entrySet()) {
        HostTensor w = weights.get(e.getKey());
        runner.feed(e.getValue(), own(owned, io.floats(w.values(), e.getValue().shape().asArray())));
      }
      for (var e : model.adapters.entrySet()) {
        HostTensor a = adapters.get(e.getKey());
        runner.feed(e.getValue(), own(owned, io.floats(a.values(), e.getValue().shape().asArray())));
      }
      feedStates(runner, owned, states);
      runner.fetch(model.loss).fetch(model.nll);
      fetchStates(runner);
      model.gradients.values().forEach(runner::fetch);
      try (Result r = runner.run()) {
        return collect(r, states, validLengths);
      }
    } finally {
      owned.forEach(Tensor::close);
    }
  }

  private static Tensor own(List<Tensor> owned, Tensor t) {
    owned.add(t);
    return t;
  }

  private void checkBatch(StreamState[] states, int[][] tokens, int[][] targets, int[] valid) {
    int b = spec.batch();
    if (states.length != b || tokens.length != b || targets.length != b || valid.length != b) {
      throw new IllegalArgumentException("batch: expected " + b + " rows of states, tokens, targets and"
          + " valid lengths, got " + states.length + ", " + tokens.length + ", " + targets.length + ", " + valid.length);
    }
    for (int i = 0; i < b; i++) {
      if (tokens[i].length != spec.blockTokens() || targets[i].length != spec.blockTokens()) {
        throw new IllegalArgumentException("row " + i + ": expected " + spec.blockTokens() + " tokens and targets");
      }
      states[i].checkFits(spec.config());
    }
  }

  private void feedStates(Session.Runner runner, List<Tensor> owned, StreamState[] states) {
    MegalodonConfig c = spec.config();
    int b = spec.batch();
    int d = c.modelDim();
    int n = c.cemaNdim();
    int groups = c.normNumGroups();
    for (int l = 0; l < c.numLayers(); l++) {
      float[] ema = new float[d * b * 2 * n];
      double[] count = new double[b];
      double[] mean = new double[b * groups];
      double[] var = new double[b * groups];
      for (int r = 0; r < b; r++) {
        float[] re = states[r].emaRe(l);
        float[] im = states[r].emaIm(l);
        for (int i = 0; i < d; i++) {
          System.arraycopy(re, i * n, ema, (i * b + r) * 2 * n, n);
          System.arraycopy(im, i * n, ema, (i * b + r) * 2 * n + n, n);
        }
        count[r] = states[r].normCount(l);
        System.arraycopy(states[r].normMean(l), 0, mean, r * groups, groups);
        System.arraycopy(states[r].normVar(l), 0, var, r * groups, groups);
      }
      LayerGraph.State<?> in = model.stateIn.get(l);
      runner.feed(in.ema(), own(owned, io.floats(ema, d, b, 2L * n)));
      feedNorm(runner, owned, in, count, mean, var, b, groups);
    }
    double[] count = new double[b];
    double[] mean = new double[b * groups];
    double[] var = new double[b * groups];
    for (int r = 0; r < b; r++) {
      count[r] = states[r].outputNormCount();
      System.arraycopy(states[r].outputNormMean(), 0, mean, r * groups, groups);
      System.arraycopy(states[r].outputNormVar(), 0, var, r * groups, groups);
    }
    feedNorm(runner, owned, model.outputStateIn, count, mean, var, b, groups);
  }

  private void feedNorm(Session.Runner runner, List<Tensor> owned, LayerGraph.State<?> in, double[] count,
      double[] mean, double[] var, int b, int groups) {
    runner.feed(in.count(), own(owned, io.doubles(count, b)));
    runner.feed(in.mean(), own(owned, io.doubles(mean, b, groups)));
    runner.feed(in.var(), own(owned, io.doubles(var, b, groups)));
  }

  private void fetchStates(Session.Runner runner) {
    for (LayerGraph.State<?> s : model.stateOut) {
      runner.fetch(s.ema()).fetch(s.count()).fetch(s.mean()).fetch(s.var());
    }
    runner.fetch(model.outputStateOut.count()).fetch(model.outputStateOut.mean()).fetch(model.outputStateOut.var());
  }

  private StepResult collect(Result r, StreamState[] statesIn, int[] valid) {
    MegalodonConfig c = spec.config();
    int b = spec.batch();
    int t = spec.blockTokens();
    int k = 0;
    double loss = TensorIo.readDoubles(r.get(k++))[0];
    double[] flat = TensorIo.readDoubles(r.get(k++));
    double[][] nll = new double[b][t];
    for (int i = 0; i < b; i++) {
      System.arraycopy(flat, i * t, nll[i], 0, t);
    }
    StreamState.Builder[] out = new StreamState.Builder[b];
    for (int i = 0; i < b; i++) {
      out[i] = statesIn[i].toBuilder().position(statesIn[i].position() + valid[i]);
    }
    int d = c.modelDim();
    int n = c.cemaNdim();
    int groups = c.normNumGroups();
    for (int l = 0; l < c.numLayers(); l++) {
      float[] ema = TensorIo.readFloats(r.get(k++));
      double[] count = TensorIo.readDoubles(r.get(k++));
      double[] mean = TensorIo.readDoubles(r.get(k++));
      double[] var = TensorIo.readDoubles(r.get(k++));
      for (int i = 0; i < b; i++) {
        float[] re = new float[d * n];
        float[] im = new float[d * n];
        for (int ch = 0; ch < d; ch++) {
          System.arraycopy(ema, (ch * b + i) * 2 * n, re, ch * n, n);
          System.arraycopy(ema, (ch * b + i) * 2 * n + n, im, ch * n, n);
        }
        out[i].ema(l, re, im).norm(l, Math.round(count[i]), row(mean, i, groups), row(var, i, groups));
      }
    }
    double[] count = TensorIo.readDoubles(r.get(k++));
    double[] mean = TensorIo.readDoubles(r.get(k++));
    double[] var = TensorIo.readDoubles(r.get(k++));
    StreamState[] states = new StreamState[b];
    for (int i = 0; i < b; i++) {
      states[i] = out[i].outputNorm(Math.round(count[i]), row(mean, i, groups), row(var, i, groups)).build();
    }
    ParameterSet grads = new ParameterSet();
    for (Map.Entry<String, org.tensorflow.Output<?>> e : model.gradients.entrySet()) {
      Tensor g = r.get(k++);
      grads.put(e.getKey(), new HostTensor(g.shape().asArray(), TensorIo.readFloats(g)));
    }
    return new StepResult(loss, nll, grads, states);
  }

  private static double[] row(double[] flat, int r, int width) {
    double[] out = new double[width];
    System.arraycopy(flat, r * width, out, 0, width);
    return out;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
