package io.megaspark.megalodon.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.lora.LoraAdapters;
import io.megaspark.megalodon.lora.LoraConfig;
import io.megaspark.megalodon.lora.LoraTarget;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.testing.TestPaths;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A model with adapters merged into its weights gives the same outputs as the base plus adapters. */
class LoraMergeTest {
  @Test
  void mergedModel_givesTheSameLossesAsBasePlusAdapters() {
    MegalodonConfig c = MegalodonConfig.load(TestPaths.root().resolve("conf/models/tiny.json"));
    MegalodonWeights base = MegalodonWeights.initialize(c, 21);
    LoraConfig lc = new LoraConfig(4, 8, 0, EnumSet.allOf(LoraTarget.class));
    Random r = new Random(22);
    Map<String, float[]> values = LoraAdapters.initialize(c, lc, 23).tensors();
    values.forEach((name, v) -> {
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (0.1 * r.nextGaussian());
      }
    });
    LoraAdapters lora = LoraAdapters.of(c, lc, values);
    Map<String, float[]> baseMap = new LinkedHashMap<>();
    base.names().forEach(n -> baseMap.put(n, base.get(n)));
    ParameterSet merged = WeightSets.fromWeights(MegalodonWeights.of(c, lora.mergeInto(baseMap)));
    ParameterSet adapters = new ParameterSet();
    LoraAdapters.layout(c, lc).forEach((n, shape) -> adapters.put(n, new HostTensor(shape, lora.get(n))));

    int b = 2;
    int t = 32;
    int[][] tokens = new int[b][t];
    int[][] targets = new int[b][t];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        tokens[i][j] = r.nextInt(c.vocabSize());
        targets[i][j] = r.nextInt(c.vocabSize());
      }
    }
    StreamState[] states = {StreamState.initial(c), StreamState.initial(c)};
    GraphSpec plain = GraphSpec.full(c, b, t, Set.of()).withFloat64(true);
    GraphSpec withLora = new GraphSpec(c, b, t, c.chunkSize(), plain.rope(), plain.pattern(), Optional.of(lc),
        Set.of(), true);
    StepResult viaMerged;
    StepResult viaAdapters;
    try (TrainingSession s = new TrainingSession(plain, 1)) {
      viaMerged = s.run(merged, null, states, tokens, targets, new int[] {t, t}, 0);
    }
    try (TrainingSession s = new TrainingSession(withLora, 1)) {
      viaAdapters = s.run(WeightSets.fromWeights(base), adapters, states, tokens, targets, new int[] {t, t}, 0);
    }
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        // merged weights are rounded once to float32 (relative 6e-8 per weight)
        assertEquals(viaAdapters.nll()[i][j], viaMerged.nll()[i][j], 1e-5, "row " + i + " position " + j);
      }
    }
    // and the adapters matter: without them the losses differ
    try (TrainingSession s = new TrainingSession(plain, 1)) {
      StepResult baseOnly = s.run(WeightSets.fromWeights(base), null, states, tokens, targets, new int[] {t, t}, 0);
      assertEquals(true, Math.abs(baseOnly.loss() - viaMerged.loss()) > 1e-3, "adapters change the loss");
    }
  }
}
