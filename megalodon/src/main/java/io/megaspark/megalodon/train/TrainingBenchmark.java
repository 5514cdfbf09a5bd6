package io.megaspark.megalodon.train;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.ModelOptions;
import io.megaspark.megalodon.model.OutputRequest;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The benchmark: training throughput (forward + backward + AdamW, tokens/s, median of several
 * steps) next to forward-only throughput of the same graph, measured in the same run on random tokens;
 * for reference also the optimised inference model (io.megaspark.megalodon.model) on the same block.
 */
public final class TrainingBenchmark {
  /**
   * @param trainTokensPerSecond median over the measured steps of targets / wall time of a full step
   *     (graph forward and backward, gradient clipping, AdamW)
   * @param forwardTokensPerSecond median of tokens / wall time of a forward-only run of the same graph
   * @param inferenceTokensPerSecond the same for {@code MegalodonModel.forward} (target log-probs)
   */
  public record Result(int batch, int blockTokens, int steps, int threads, double trainTokensPerSecond,
      double forwardTokensPerSecond, double trainStepSeconds, double forwardStepSeconds,
      double inferenceTokensPerSecond) {
    /** One JSON object, for scripts. */
    public String toJson() {
      return String.format(Locale.ROOT, "{\"batch\": %d, \"block_tokens\": %d, \"steps\": %d, \"threads\": %d,"
          + " \"train_tokens_per_s\": %.1f, \"forward_tokens_per_s\": %.1f, \"train_step_s\": %.4f,"
          + " \"forward_step_s\": %.4f, \"inference_model_tokens_per_s\": %.1f}", batch, blockTokens, steps,
          threads, trainTokensPerSecond, forwardTokensPerSecond, trainStepSeconds, forwardStepSeconds,
          inferenceTokensPerSecond);
    }
  }

  private TrainingBenchmark() {}

  /** Runs 2 warm-up and {@code steps} measured steps of each kind. */
  public static Result run(MegalodonConfig c, int batch, int blockTokens, int steps, int threads) {
    ParameterSet weights = WeightSets.fromWeights(MegalodonWeights.initialize(c, 1));
    GraphSpec spec = GraphSpec.full(c, batch, blockTokens, weights.names());
    SplittableRandom rnd = new SplittableRandom(2);
    int[][] tokens = new int[batch][blockTokens];
    int[][] targets = new int[batch][blockTokens];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < blockTokens; t++) {
        tokens[b][t] = rnd.nextInt(256);
        targets[b][t] = rnd.nextInt(256);
      }
    }
    int[] valid = new int[batch];
    Arrays.fill(valid, blockTokens);
    StreamState[] states = new StreamState[batch];
    Arrays.fill(states, StreamState.initial(c));
    AdamW opt = new AdamW(AdamWConfig.paper(), weights);
    double[] train = new double[steps];
    double[] fwd = new double[steps];
    double[] inf = new double[steps];
    try (TrainingSession session = new TrainingSession(spec, threads);
        TrainingSession forward = new TrainingSession(spec.forwardOnly(), threads);
        MegalodonModel inference = MegalodonModel.of(c, MegalodonWeights.initialize(c, 1),
            threads == 0 ? ModelOptions.defaults() : ModelOptions.threads(threads))) {
      for (int i = -2; i < steps; i++) {
        long t0 = System.nanoTime();
        StepResult r = session.run(weights, null, states, tokens, targets, valid, i);
        GradientClipping.clip(r.gradients(), 1.0);
        opt.step(weights, r.gradients(), 1e-4);
        long t1 = System.nanoTime();
        forward.run(weights, null, states, tokens, targets, valid, i);
        long t2 = System.nanoTime();
        inference.forward(states, tokens, valid, OutputRequest.targets(targets));
        long t3 = System.nanoTime();
        if (i >= 0) {
          train[i] = (t1 - t0) / 1e9;
          fwd[i] = (t2 - t1) / 1e9;
          inf[i] = (t3 - t2) / 1e9;
        }
      }
    }
    double trainStep = median(train);
    double fwdStep = median(fwd);
    double perStep = (double) batch * blockTokens;
    return new Result(batch, blockTokens, steps, threads, perStep / trainStep, perStep / fwdStep, trainStep, fwdStep,
        perStep / median(inf));
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** {@code TrainingBenchmark config.json batch blockTokens steps threads}. */
  public static void main(String[] args) {
    MegalodonConfig c = MegalodonConfig.load(java.nio.file.Path.of(args[0]));
    Result r = run(c, Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
        Integer.parseInt(args[4]));
    System.out.println(r.toJson());
  }
}
