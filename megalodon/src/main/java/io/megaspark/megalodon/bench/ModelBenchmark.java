package io.megaspark.megalodon.bench;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.ema.ComplexEma;
import io.megaspark.megalodon.model.BlockOutput;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.ModelOptions;
import io.megaspark.megalodon.model.OutputRequest;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Throughput of block-by-block inference with carried state on random weights, against a plain TensorFlow
 * 1024×1024×1024 matmul measured in the same JVM. Each timed step is one block for every row (one
 * {@code Session.run}) requesting the log-probabilities of the next tokens, as perplexity scoring does.
 */
public final class ModelBenchmark {
  private static final int WARMUP = 2;
  private static final long SEED = 42;
  private static final int MATMUL_N = 1024;
  /** Each block is followed by matmuls for as long as the block took, at most this long. */
  private static final double MATMUL_MAX_SECONDS = 2.0;

  private ModelBenchmark() {}

  /** {@code ModelBenchmark CONFIG_JSON [batch] [blockTokens] [repeats]}. */
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: ModelBenchmark CONFIG_JSON [batch=8] [blockTokens=1024] [repeats=5]");
      return;
    }
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int block = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    run(Path.of(args[0]), batch, block, repeats);
  }

  /**
   * Runs the benchmark, printing progress, and returns its last line: one JSON object with
   * {@code tokens_per_s} (median block), {@code model_gflops}, {@code matmul_gflops} (median over the
   * matmul runs that follow each block for as long as the block took, so both see the same machine load),
   * {@code ratio} and the settings.
   */
  public static String run(Path configJson, int batch, int blockTokens, int repeats) {
    if (batch < 1 || blockTokens < 1 || repeats < 1) {
      throw new IllegalArgumentException("batch, blockTokens and repeats must be positive: batch="
          + batch + ", blockTokens=" + blockTokens + ", repeats=" + repeats);
    }
    MegalodonConfig cfg = MegalodonConfig.load(configJson);
    // A model directory's config.json is named after its directory.
    Path named = configJson.getFileName().toString().equals("config.json") && configJson.toAbsolutePath().getParent() != null
        ? configJson.toAbsolutePath().getParent() : configJson;
    String name = named.getFileName().toString().replaceFirst("\\.json$", "");
    int threads = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "config %s: %d layers, D=%d, chunk %d; batch %d, block %d tokens,"
        + " %d threads%n", name, cfg.numLayers(), cfg.modelDim(), cfg.chunkSize(), batch, blockTokens,
        threads);
    double flopsPerToken = FlopCount.perToken(cfg, ComplexEma.subChunkFor(blockTokens, 64));
    double[] block = new double[repeats];
    double[] matmul = new double[repeats];
    double[] blockCpu = new double[repeats];
    try (MatmulBenchmark mm = new MatmulBenchmark(MATMUL_N, threads);
        MegalodonModel model = MegalodonModel.of(cfg, MegalodonWeights.initialize(cfg, SEED),
            ModelOptions.threads(threads))) {
      Blocks blocks = new Blocks(model, batch, blockTokens);
      for (int i = -WARMUP; i < repeats; i++) {
        long cpu = ProcessCpu.nanos();
        double s = blocks.next();
        double cpuSeconds = (ProcessCpu.nanos() - cpu) / 1e9;
        long matmulCpu = ProcessCpu.nanos();
        long matmulStart = System.nanoTime();
        double m = mm.gflops(Math.min(s, MATMUL_MAX_SECONDS));
        // GFLOP per CPU-second of both, a second view that is less sensitive to a busy machine.
        double matmulPerCpu = m * (System.nanoTime() - matmulStart)
            / Math.max(1, ProcessCpu.nanos() - matmulCpu);
        double modelPerCpu = batch * (double) blockTokens * flopsPerToken / 1e9 / cpuSeconds;
        System.out.printf(Locale.ROOT, "%s block %d: %.3f s, %.0f tokens/s (process CPU %.3f s, %.0f"
            + " GFLOP/CPU-s); matmul %.1f GFLOP/s (%.0f GFLOP/CPU-s)%n", i < 0 ? "warm-up" : "timed", i, s,
            batch * (double) blockTokens / s, cpuSeconds, modelPerCpu, m, matmulPerCpu);
        if (i >= 0) {
          block[i] = s;
          matmul[i] = m;
          blockCpu[i] = cpuSeconds;
        }
      }
    }
    double tokensPerS = batch * (double) blockTokens / median(block);
    // Tokens per CPU-second of the whole process: the same work counted in CPU time, which other
    // processes on a shared machine disturb much less than wall time.
    double tokensPerCpuS = batch * (double) blockTokens / median(blockCpu);
    double modelGflops = tokensPerS * flopsPerToken / 1e9;
    double matmulGflops = median(matmul);
    String json = String.format(Locale.ROOT, "{\"tokens_per_s\":%.1f,\"tokens_per_cpu_s\":%s,\"model_gflops\":%.2f,"
        + "\"matmul_gflops\":%.2f,\"ratio\":%.3f,\"batch\":%d,\"block_tokens\":%d,\"config\":\"%s\"}",
        // A tiny block can take less CPU than the clock's resolution: then there is no figure.
        tokensPerS, Double.isFinite(tokensPerCpuS) ? String.format(Locale.ROOT, "%.1f", tokensPerCpuS) : "null",
        modelGflops, matmulGflops, modelGflops / matmulGflops, batch, blockTokens, name);
    System.out.println(json);
    return json;
  }

  /** Consecutive blocks of random tokens for {@code batch} documents, carrying their states. */
  private static final class Blocks {
    private final MegalodonModel model;
    private final int batch;
    private final int length;
    private final SplittableRandom rnd = new SplittableRandom(SEED);
    private final int[] valid;
    private StreamState[] states;

    Blocks(MegalodonModel model, int batch, int length) {
      this.model = model;
      this.batch = batch;
      this.length = length;
      this.valid = new int[batch];
      Arrays.fill(valid, length);
      this.states = new StreamState[batch];
      Arrays.fill(states, StreamState.initial(model.config()));
    }

    /** Runs the next block (log-probabilities of random targets); returns its wall seconds. */
    double next() {
      MegalodonConfig cfg = model.config();
      int[][] tokens = new int[batch][];
      int[][] targets = new int[batch][];
      for (int r = 0; r < batch; r++) {
        tokens[r] = rnd.ints(length, 0, cfg.vocabSize()).toArray();
        targets[r] = rnd.ints(length, 0, cfg.outputVocab()).toArray();
      }
      long start = System.nanoTime();
      BlockOutput out = model.forward(states, tokens, valid, OutputRequest.targets(targets));
      double s = (System.nanoTime() - start) / 1e9;
      states = out.states();
      return s;
    }
  }


  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
