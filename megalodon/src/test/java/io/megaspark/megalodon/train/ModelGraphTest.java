package io.megaspark.megalodon.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.reference.ReferenceOutput;
import io.megaspark.megalodon.testing.GoldenCase;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The differentiable training graph computes what the float64 reference model computes, on the official
 * golden weights (megalodon-tiny-a), block by block with carried state.
 */
class ModelGraphTest {
  private static final int BLOCK = 32;

  private static double[] logSoftmax(double[] logits) {
    double max = Arrays.stream(logits).max().orElseThrow();
    double sum = 0;
    for (double l : logits) {
      sum += Math.exp(l - max);
    }
    double lse = max + Math.log(sum);
    double[] out = new double[logits.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = logits[i] - lse;
    }
    return out;
  }

  /** Runs two blocks of 32 tokens of the golden case through the graph and the reference and compares. */
  private static void compare(boolean float64, double nllTol, double stateTol) {
    MegalodonConfig cfg = GoldenCase.config();
    MegalodonWeights weights = GoldenCase.weights();
    GoldenCase golden = GoldenCase.read("case.safetensors");
    ReferenceModel ref = new ReferenceModel(weights);
    GraphSpec spec = GraphSpec.full(cfg, 2, BLOCK, Set.of()).withFloat64(float64);
    ParameterSet params = WeightSets.fromWeights(weights);
    StreamState[] graphStates = {StreamState.initial(cfg), StreamState.initial(cfg)};
    StreamState[] refStates = graphStates.clone();
    try (TrainingSession s = new TrainingSession(spec, 2)) {
      for (int block = 0; block < 2; block++) {
        int[][] tokens = new int[2][];
        int[][] targets = new int[2][BLOCK];
        for (int r = 0; r < 2; r++) {
          int[] all = golden.tokens(r);
          tokens[r] = Arrays.copyOfRange(all, block * BLOCK, (block + 1) * BLOCK);
          for (int t = 0; t < BLOCK; t++) {
            int next = block * BLOCK + t + 1;
            targets[r][t] = next < all.length ? all[next] : TrainingBatch.IGNORE;
          }
        }
        StepResult got = s.run(params, null, graphStates, tokens, targets, new int[] {BLOCK, BLOCK}, 0);
        for (int r = 0; r < 2; r++) {
          ReferenceOutput want = ref.forward(refStates[r], tokens[r]);
          for (int t = 0; t < BLOCK; t++) {
            double expected = targets[r][t] < 0 ? 0 : -logSoftmax(want.logits()[t])[targets[r][t]];
            assertEquals(expected, got.nll()[r][t], nllTol, "block " + block + " row " + r + " position " + t);
          }
          StreamState a = got.states()[r];
          StreamState b = want.state();
          assertEquals(b.position(), a.position());
          for (int l = 0; l < cfg.numLayers(); l++) {
            assertArrayEquals(toDoubles(b.emaRe(l)), toDoubles(a.emaRe(l)), stateTol, "ema re layer " + l);
            assertArrayEquals(toDoubles(b.emaIm(l)), toDoubles(a.emaIm(l)), stateTol, "ema im layer " + l);
            assertEquals(b.normCount(l), a.normCount(l));
            assertArrayEquals(b.normMean(l), a.normMean(l), stateTol, "tsn mean layer " + l);
            assertArrayEquals(b.normVar(l), a.normVar(l), stateTol, "tsn var layer " + l);
          }
          assertArrayEquals(b.outputNormVar(), a.outputNormVar(), stateTol, "output tsn var");
          refStates[r] = want.state();
        }
        graphStates = got.states();
      }
    }
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  @Test
  void float64Graph_matchesReferenceModelBlockByBlock() {
    // nll: only summation order differs (measured below 1e-10). States: StreamState stores the CEMA h as
    // float32 on both sides, so they agree to float32 rounding of values of order 1.
    compare(true, 1e-9, 1e-6);
  }

  @Test
  void float32Graph_matchesReferenceModelWithinFloat32Tolerance() {
    // golden/README.md: float32 agrees within about 1e-4 on logits; the nll is a difference of logits.
    compare(false, 2e-4, 1e-4);
  }
}
