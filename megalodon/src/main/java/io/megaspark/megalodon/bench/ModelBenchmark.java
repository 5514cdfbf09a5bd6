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
   * {@code tokens_per_s} (median), {@code model_gflops}, {@code matmul_gflops}, {@code ratio} and the
   * settings.
   */
  public static String run(Path configJson, int batch, int blockTokens, int repeats) {
    if (batch < 1 || blockTokens < 1 || repeats < 1) {
      throw new IllegalArgumentException("batch, blockTokens and repeats must be positive: batch="
          + batch + ", blockTokens=" + blockTokens + ", repeats=" + repeats);
    }
    MegalodonConfig cfg = MegalodonConfig.load(configJson);
    String name = configJson.getFileName().toString().replaceFirst("\\.json$", "");
    int threads = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "config %s: %d layers, D=%d, chunk %d; batch %d, block %d tokens,"
        + " %d threads%n", name, cfg.numLayers(), cfg.modelDim(), cfg.chunkSize(), batch, blockTokens, threads);
    double matmul = MatmulBenchmark.gflops(1024, repeats);
    System.out.printf(Locale.ROOT, "matmul 1024^3: %.1f GFLOP/s%n", matmul);
    double seconds;
    try (MegalodonModel model = MegalodonModel.of(cfg, MegalodonWeights.initialize(cfg, SEED),
        ModelOptions.threads(threads))) {
      seconds = medianBlockSeconds(model, batch, blockTokens, repeats);
    }
    double tokensPerS = batch * (double) blockTokens / seconds;
    int subChunk = ComplexEma.subChunkFor(blockTokens, 64);
    double modelGflops = tokensPerS * FlopCount.perToken(cfg, subChunk) / 1e9;
    String json = String.format(Locale.ROOT, "{\"tokens_per_s\":%.1f,\"model_gflops\":%.2f,"
        + "\"matmul_gflops\":%.2f,\"ratio\":%.3f,\"batch\":%d,\"block_tokens\":%d,\"config\":\"%s\"}",
        tokensPerS, modelGflops, matmul, modelGflops / matmul, batch, blockTokens, name);
    System.out.println(json);
    return json;
  }

  /** CPU time of the whole process (all TensorFlow threads), to read timings on a shared machine. */
  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
  }

  private static double medianBlockSeconds(MegalodonModel model, int batch, int block, int repeats) {
    MegalodonConfig cfg = model.config();
    SplittableRandom rnd = new SplittableRandom(SEED);
    StreamState[] states = new StreamState[batch];
    Arrays.fill(states, StreamState.initial(cfg));
    int[] valid = new int[batch];
    Arrays.fill(valid, block);
    double[] times = new double[repeats];
    for (int i = -WARMUP; i < repeats; i++) {
      int[][] tokens = new int[batch][];
      int[][] targets = new int[batch][];
      for (int r = 0; r < batch; r++) {
        tokens[r] = rnd.ints(block, 0, cfg.vocabSize()).toArray();
        targets[r] = rnd.ints(block, 0, cfg.outputVocab()).toArray();
      }
      long cpu = processCpuNanos();
      long start = System.nanoTime();
      BlockOutput out = model.forward(states, tokens, valid, OutputRequest.targets(targets));
      double s = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
      states = out.states();
      System.out.printf(Locale.ROOT, "%s block %d: %.3f s, %.0f tokens/s (process CPU %.3f s)%n",
          i < 0 ? "warm-up" : "timed", i, s, batch * (double) block / s, cpuSeconds);
      if (i >= 0) {
        times[i] = s;
      }
    }
    Arrays.sort(times);
    return repeats % 2 == 1 ? times[repeats / 2] : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
  }
}
