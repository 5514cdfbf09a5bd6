package io.megaspark.megalodon.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.lora.LoraAdapters;
import io.megaspark.megalodon.lora.LoraConfig;
import io.megaspark.megalodon.lora.LoraTarget;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.testing.TestPaths;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** LoRA dropout masks are a function of the step's seed: reproducible (exact resume), different per step. */
class LoraDropoutTest {
  @Test
  void dropoutMasks_dependOnlyOnTheSeed() {
    MegalodonConfig c = MegalodonConfig.load(TestPaths.root().resolve("conf/models/tiny.json"));
    LoraConfig lc = new LoraConfig(4, 8, 0.3, EnumSet.of(LoraTarget.WZ, LoraTarget.WV));
    ParameterSet adapters = new ParameterSet();
    Random r = new Random(5);
    LoraAdapters fresh = LoraAdapters.initialize(c, lc, 6);
    LoraAdapters.layout(c, lc).forEach((n, shape) -> {
      float[] v = fresh.get(n);
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (0.2 * r.nextGaussian());
      }
      adapters.put(n, new HostTensor(shape, v));
    });
    ParameterSet weights = WeightSets.fromWeights(MegalodonWeights.initialize(c, 7));
    GraphSpec plain = GraphSpec.full(c, 1, 32, Set.of());
    GraphSpec spec = new GraphSpec(c, 1, 32, c.chunkSize(), plain.rope(), plain.pattern(), Optional.of(lc),
        adapters.names(), false);
    int[][] tokens = new int[1][32];
    int[][] targets = new int[1][32];
    for (int t = 0; t < 32; t++) {
      tokens[0][t] = r.nextInt(256);
      targets[0][t] = r.nextInt(256);
    }
    StreamState[] states = {StreamState.initial(c)};
    try (TrainingSession s = new TrainingSession(spec, 1)) {
      double a = s.run(weights, adapters, states, tokens, targets, new int[] {32}, 11).loss();
      double b = s.run(weights, adapters, states, tokens, targets, new int[] {32}, 11).loss();
      double other = s.run(weights, adapters, states, tokens, targets, new int[] {32}, 12).loss();
      assertEquals(a, b, 0.0, "same seed, same masks, same loss bit for bit");
      assertNotEquals(a, other, "another seed draws other masks");
    }
  }
}
