package io.megaspark.megalodon.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.lora.LoraAdapters;
import io.megaspark.megalodon.lora.LoraConfig;
import io.megaspark.megalodon.lora.S2Config;
import io.megaspark.megalodon.lora.ShiftMode;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.testing.TestPaths;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference check of the training graph's gradients on the tiny config (conf/models/tiny.json),
 * in float64, for a few sampled entries of every trainable tensor of every layer. The check runs on a
 * second block, so the carried state's contribution (CEMA bias, TimestepNorm prior) is in the loss.
 *
 * <p>Central differences with step h ≈ 1e-4 (the actual step is the difference of the float32-rounded
 * perturbed weights, which is what the graph sees): truncation error O(h²) ≈ 1e-8, rounding ≈ 1e-15/h.
 * Tolerance |fd − analytic| ≤ 1e-8 + 1e-5·|analytic| (analytic gradients are returned as float32;
 * measured worst relative error 6e-7).
 */
class GradientCheckTest {
  private static final int BATCH = 2;
  private static final int BLOCK = 32;
  private static final int SAMPLES = 3;

  private static MegalodonConfig tiny() {
    return MegalodonConfig.load(TestPaths.root().resolve("conf/models/tiny.json"));
  }

  /** Initial weights plus noise, so plus-one norm weights, imaginary CEMA gammas and biases are non-zero. */
  private static ParameterSet perturbedWeights(MegalodonConfig c, long seed) {
    ParameterSet p = WeightSets.fromWeights(MegalodonWeights.initialize(c, seed));
    Random r = new Random(seed);
    for (var e : p.entries()) {
      float[] v = e.getValue().values();
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (0.05 * r.nextGaussian());
      }
    }
    return p;
  }

  private record Batch(int[][] tokens, int[][] targets, int[] valid) {}

  private static Batch batch(Random r, int vocab, int validRow1) {
    int[][] tokens = new int[BATCH][BLOCK];
    int[][] targets = new int[BATCH][BLOCK];
    for (int b = 0; b < BATCH; b++) {
      for (int t = 0; t < BLOCK; t++) {
        tokens[b][t] = r.nextInt(vocab);
        targets[b][t] = r.nextInt(vocab);
      }
    }
    for (int t = validRow1; t < BLOCK; t++) {
      tokens[1][t] = 0;
      targets[1][t] = TrainingBatch.IGNORE;
    }
    return new Batch(tokens, targets, new int[] {BLOCK, validRow1});
  }

  private static void check(GraphSpec spec, ParameterSet weights, ParameterSet adapters) {
    MegalodonConfig c = spec.config();
    Random r = new Random(17);
    try (TrainingSession fwd = new TrainingSession(spec.forwardOnly(), 1);
        TrainingSession train = new TrainingSession(spec, 1)) {
      StreamState[] init = {StreamState.initial(c), StreamState.initial(c)};
      Batch first = batch(r, c.vocabSize(), BLOCK);
      StreamState[] states = fwd.run(weights, adapters, init, first.tokens(), first.targets(), first.valid(), 1).states();
      Batch second = batch(r, c.vocabSize(), 21);
      StepResult analytic = train.run(weights, adapters, states, second.tokens(), second.targets(), second.valid(), 1);
      int checked = 0;
      double worst = 0;
      for (String name : spec.trainable()) {
        ParameterSet owner = weights.contains(name) ? weights : adapters;
        float[] v = owner.get(name).values();
        float[] g = analytic.gradients().get(name).values();
        for (int k = 0; k < SAMPLES; k++) {
          int i = r.nextInt(v.length);
          float saved = v[i];
          float plus = saved + 1e-4f * Math.max(1f, Math.abs(saved));
          float minus = saved - 1e-4f * Math.max(1f, Math.abs(saved));
          v[i] = plus;
          double lp = fwd.run(weights, adapters, states, second.tokens(), second.targets(), second.valid(), 1).loss();
          v[i] = minus;
          double lm = fwd.run(weights, adapters, states, second.tokens(), second.targets(), second.valid(), 1).loss();
          v[i] = saved;
          double fd = (lp - lm) / ((double) plus - (double) minus);
          double tol = 1e-8 + 1e-5 * Math.abs(g[i]);
          assertEquals(fd, g[i], tol, name + "[" + i + "]");
          worst = Math.max(worst, Math.abs(fd - g[i]) / (1e-7 + Math.abs(g[i])));
          checked++;
        }
      }
      assertEquals(SAMPLES * spec.trainable().size(), checked);
      System.out.printf("gradient check: %d entries of %d tensors, worst relative error %.2e%n", checked,
          spec.trainable().size(), worst);
    }
  }

  @Test
  void fullTraining_gradientsMatchCentralDifferencesForEveryTensor() {
    MegalodonConfig c = tiny();
    ParameterSet weights = perturbedWeights(c, 3);
    GraphSpec spec = GraphSpec.full(c, BATCH, BLOCK, weights.names()).withFloat64(true);
    assertTrue(spec.trainable().size() > 40, "every tensor of both layers: " + spec.trainable().size());
    check(spec, weights, null);
  }

  @Test
  void longLora_gradientsMatchForAdaptersEmbeddingsAndNorms() {
    MegalodonConfig c = tiny();
    ParameterSet weights = perturbedWeights(c, 5);
    LoraConfig lora = LoraConfig.longLora();
    ParameterSet adapters = new ParameterSet();
    Random r = new Random(8);
    LoraAdapters fresh = LoraAdapters.initialize(c, lora, 8);
    LoraAdapters.layout(c, lora).forEach((name, shape) -> {
      float[] v = fresh.get(name);
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (0.05 * r.nextGaussian());
      }
      adapters.put(name, new HostTensor(shape, v));
    });
    Set<String> trainable = new LinkedHashSet<>(adapters.names());
    for (String n : weights.names()) {
      if (n.contains("embed") || n.contains("norm")) {
        trainable.add(n);
      }
    }
    // Chunk 32 = 2 x the config's 16, S2 groups of 16, positions interpolated by 2 (linear RoPE scaling).
    RotaryTable standard = RotaryTable.standard(c.headDimZ(), c.ropeBase());
    double[] f = standard.invFreq();
    for (int i = 0; i < f.length; i++) {
      f[i] /= 2;
    }
    GraphSpec spec = new GraphSpec(c, BATCH, BLOCK, 32, new RotaryTable(f, 1.0),
        new AttentionPattern.ShiftedSparse(new S2Config(16, ShiftMode.SEGMENTS)), Optional.of(lora), trainable, true);
    List<String> kinds = new ArrayList<>(trainable);
    assertTrue(kinds.contains("layers.1.mega.wh2.lora_b") && kinds.contains("output.final_norm.weight"));
    check(spec, weights, adapters);
  }
}
