package io.megaspark.megalodon.model;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.device.DevicePlacement;
import io.megaspark.megalodon.device.Placement;
import io.megaspark.megalodon.rope.RopeFrequencies;
import io.megaspark.megalodon.rope.RotaryEmbedding;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The MEGALODON model on TensorFlow: maps (carried states, a block of tokens per row) to (requested
 * outputs, next states), MODEL.md section 1. One graph and session per (batch size, block length), built
 * on first use and cached; weights are graph variables initialised once per graph from host arrays shared
 * by all graphs. Thread-safe: concurrent callers may share one model (TensorFlow sessions run
 * concurrently). Close it to release every graph and session.
 *
 * <p>Device: {@link ModelOptions#device()} goes through {@link DevicePlacement#place} once, when the model
 * is made; every graph is pinned to the placement's device and every session gets its configuration
 * ({@link #placement()}).
 */
public final class MegalodonModel implements AutoCloseable {
  private final MegalodonConfig config;
  private final HostWeights host;
  private final RotaryEmbedding rope;
  private final Placement placement;
  /** The configuration of every session: the placement's, plus graph options (see {@link #sessionConfig}). */
  private final ConfigProto sessionConfig;
  /** {@code Session::new}; tests pass one that also records what it was given. */
  private final BiFunction<Graph, ConfigProto, Session> sessions;
  private final Map<Long, ModelGraph> graphs = new ConcurrentHashMap<>();
  private final Map<Integer, StageGraph> stages = new ConcurrentHashMap<>();
  private final LayerwiseModel layerwise;
  /** Readers: running blocks; writer: {@link #close}, which must not close a session in use. */
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private MegalodonModel(MegalodonConfig config, MegalodonWeights weights, RotaryEmbedding rope,
      Placement placement, BiFunction<Graph, ConfigProto, Session> sessions) {
    this.config = config;
    this.host = new HostWeights(config, weights);
    this.rope = rope;
    this.placement = placement;
    this.sessionConfig = sessionConfig(placement);
    this.sessions = sessions;
    this.layerwise = new LayerwiseModel(this);
  }

  /** Loads {@code config.json} and {@code model.safetensors} from a model directory. */
  public static MegalodonModel load(Path modelDir, ModelOptions options) {
    MegalodonConfig cfg = MegalodonConfig.load(modelDir.resolve("config.json"));
    return of(cfg, MegalodonWeights.load(modelDir, cfg), options);
  }

  /** The model with its configured RoPE (the official {@code rope_base^(-2i/Dz)} unless config.json sets {@code rope_scaling}). */
  public static MegalodonModel of(MegalodonConfig config, MegalodonWeights weights,
      ModelOptions options) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    // The configured RoPE scaling at the attention chunk (docs/context-extension.md).
    RopeFrequencies freqs = config.ropeFrequencies();
    return of(config, weights, options, freqs.invFreqAsFloats(), freqs.attentionFactorAsFloat());
  }

  /**
   * The model with RoPE frequencies from elsewhere (a RoPE scaling method, MODEL.md 2).
   *
   * @param ropeInvFreq [Dz/2] inverse frequencies
   * @param ropeAttentionFactor multiplies cos and sin
   */
  public static MegalodonModel of(MegalodonConfig config, MegalodonWeights weights,
      ModelOptions options, float[] ropeInvFreq, float ropeAttentionFactor) {
    if (config == null || weights == null || options == null || ropeInvFreq == null) {
      throw new IllegalArgumentException("config, weights, options and ropeInvFreq must not be null");
    }
    if (ropeInvFreq.length != config.headDimZ() / 2) {
      throw new IllegalArgumentException("ropeInvFreq: expected " + config.headDimZ() / 2
          + " values (z_dim / num_heads / 2), got " + ropeInvFreq.length);
    }
    Placement placement =
        DevicePlacement.place(options.device(), options.intraOpThreads(), options.interOpThreads());
    return new MegalodonModel(config, weights,
        new RotaryEmbedding(ropeInvFreq, ropeAttentionFactor, config.attentionChunk()), placement, Session::new);
  }

  /**
   * The model with its configured RoPE, a given placement and session factory: lets tests give a model
   * the placement of a GPU this machine lacks and see the configuration and graph each session gets.
   */
  static MegalodonModel placed(MegalodonConfig config, MegalodonWeights weights, Placement placement,
      BiFunction<Graph, ConfigProto, Session> sessions) {
    RopeFrequencies freqs = config.ropeFrequencies();
    RotaryEmbedding rope =
        new RotaryEmbedding(freqs.invFreqAsFloats(), freqs.attentionFactorAsFloat(), config.attentionChunk());
    return new MegalodonModel(config, weights, rope, placement, sessions);
  }

  public MegalodonConfig config() {
    return config;
  }

  /** Where this model runs: the device asked for, the device used, the session configuration. */
  public Placement placement() {
    return placement;
  }

  /**
   * Runs one block for B rows (one document each).
   *
   * @param states [B] the carried state of each row (not modified)
   * @param tokens [B][T] token ids; T a multiple of the attention chunk ({@link
   *     MegalodonConfig#attentionChunk()}), the same for every row; padding (after a
   *     row's valid length) should be 0
   * @param validLengths [B] real tokens per row, in [0, T]; shorter than T only in a document's last
   *     block; a row with 0 keeps its state
   * @param request which outputs to compute
   */
  public BlockOutput forward(StreamState[] states, int[][] tokens, int[] validLengths,
      OutputRequest request) {
    InputCheck.check(config, states, tokens, validLengths, request);
    lifecycle.readLock().lock();
    try {
      ModelGraph graph = graph(tokens.length, tokens[0].length);
      return BlockRunner.run(graph, config, states, tokens, validLengths, request);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Runs one block as {@link #forward} does, traced, and returns where its time went per op type and per
   * node (TensorFlow step statistics). For profiling; tracing slows the run down a little.
   */
  public OpProfile profile(StreamState[] states, int[][] tokens, int[] validLengths,
      OutputRequest request) {
    InputCheck.check(config, states, tokens, validLengths, request);
    lifecycle.readLock().lock();
    try {
      ModelGraph graph = graph(tokens.length, tokens[0].length);
      org.tensorflow.proto.RunMetadata[] meta = new org.tensorflow.proto.RunMetadata[1];
      long start = System.nanoTime();
      BlockRunner.run(graph, config, states, tokens, validLengths, request, m -> meta[0] = m);
      long wall = (System.nanoTime() - start) / 1000;
      return OpProfile.of(meta[0], wall, graph.nodeTypes());
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * This model one stage (embedding, block, head) at a time, for the layer-wise scan over a document's
   * ranges (MODEL.md 1.10). It shares this model's weights, options and lifecycle.
   */
  public LayerwiseModel layerwise() {
    return layerwise;
  }

  /** Applies {@code f} to the stage graph for block length T (built on first use), under the read lock. */
  <R> R withStages(int length, java.util.function.Function<StageGraph, R> f) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("model is closed");
      }
      return f.apply(stages.computeIfAbsent(length,
          k -> new StageGraph(host, rope, length, placement.device(), g -> sessions.apply(g, sessionConfig))));
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  HostWeights host() {
    return host;
  }

  /** The graph for (batch, length), built on first use; the caller holds the read lock. */
  private ModelGraph graph(int batch, int length) {
    if (closed) {
      throw new IllegalStateException("model is closed");
    }
    long key = ((long) batch << 32) | length;
    return graphs.computeIfAbsent(key, k ->
        new ModelGraph(host, rope, batch, length, placement.device(), g -> sessions.apply(g, sessionConfig)));
  }

  /**
   * The one place where the placement becomes a session configuration: its device, thread pools and soft
   * placement ({@link DevicePlacement#sessionConfig}), plus one grappler round.
   */
  static ConfigProto sessionConfig(Placement placement) {
    return placement.config().toBuilder()
        // One grappler round: the second found nothing more on this graph and cost about 40% of the
        // first-block setup (measured); the per-block kernels are the same.
        .setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
            .setMetaOptimizerIterations(RewriterConfig.NumIterationsType.ONE)))
        .build();
  }

  /** Number of graphs built so far (one per batch size and block length). */
  public int graphCount() {
    return graphs.size();
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        graphs.values().forEach(ModelGraph::close);
        graphs.clear();
        stages.values().forEach(StageGraph::close);
        stages.clear();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
