package io.megaspark.megalodon.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.BlockOutput;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.ModelOptions;
import io.megaspark.megalodon.model.OutputRequest;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.testing.TestPaths;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the trainer optimises is what inference computes: the training graph's per-position loss equals
 * minus the fast inference model's target log-probabilities (io.megaspark.megalodon.model), block by
 * block with carried state, including a padded last block.
 */
class InferenceConsistencyTest {
  @Test
  void trainingGraphLoss_equalsInferenceModelTargetLogProbs() {
    MegalodonConfig c = MegalodonConfig.load(TestPaths.root().resolve("conf/models/tiny.json"));
    ParameterSet weights = WeightSets.fromWeights(MegalodonWeights.initialize(c, 31));
    Random r = new Random(32);
    for (var e : weights.entries()) {
      float[] v = e.getValue().values();
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (0.05 * r.nextGaussian());
      }
    }
    int b = 2;
    int t = 32;
    StreamState[] train = {StreamState.initial(c), StreamState.initial(c)};
    StreamState[] infer = train.clone();
    try (TrainingSession s = new TrainingSession(GraphSpec.full(c, b, t, Set.of()), 1);
        MegalodonModel m = MegalodonModel.of(c, WeightSets.toWeights(c, weights), ModelOptions.threads(1))) {
      for (int block = 0; block < 3; block++) {
        int[][] tokens = new int[b][t];
        int[][] targets = new int[b][t];
        int[] valid = {t, block == 2 ? 19 : t};
        for (int i = 0; i < b; i++) {
          for (int j = 0; j < t; j++) {
            boolean real = j < valid[i];
            tokens[i][j] = real ? r.nextInt(c.vocabSize()) : 0;
            targets[i][j] = real ? r.nextInt(c.vocabSize()) : TrainingBatch.IGNORE;
          }
        }
        StepResult got = s.run(weights, null, train, tokens, targets, valid, 0);
        BlockOutput want = m.forward(infer, tokens, valid, OutputRequest.targets(targets));
        for (int i = 0; i < b; i++) {
          for (int j = 0; j < valid[i]; j++) {
            // both float32; golden/README.md's 1e-4 on logits, doubled for a log-softmax difference
            assertEquals(-want.targetLogProbs()[i][j], got.nll()[i][j], 2e-4, "block " + block + " row " + i + " position " + j);
          }
        }
        train = got.states();
        infer = want.states();
      }
    }
  }
}
