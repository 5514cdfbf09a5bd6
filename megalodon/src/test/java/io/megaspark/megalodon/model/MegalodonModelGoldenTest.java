package io.megaspark.megalodon.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.weights.SafeTensorsFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TensorFlow model against the official implementation's goldens (golden/README.md). */
class MegalodonModelGoldenTest {
  private static MegalodonModel model;

  @BeforeAll
  static void load() {
    model = MegalodonModel.load(GoldenCaseFiles.modelDir(), ModelOptions.threads(2));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void onePass_matchesGoldenLogitsHiddenAndStates() {
    SafeTensorsFile f = GoldenCaseFiles.read("case.safetensors");
    int[][] tokens = GoldenCaseFiles.tokens(f);
    int b = tokens.length;
    int l = tokens[0].length;
    StreamState[] states = initial(b);
    BlockOutput out = model.forward(states, tokens, new int[] {l, l},
        OutputRequest.logitsOnly().withLayerHidden());
    float[] logits = f.tensor("logits").floats();
    int v = model.config().outputVocab();
    int d = model.config().modelDim();
    for (int r = 0; r < b; r++) {
      double diff = GoldenCaseFiles.maxDiff(logits, r, l, v, out.logits()[r], 0);
      System.out.printf("case row %d: logits max |diff| %.2e%n", r, diff);
      assertTrue(diff < 1e-4, "logits row " + r + " max diff " + diff); // tolerance 1e-4 (README)
      for (int layer = 0; layer < model.config().numLayers(); layer++) {
        double h = GoldenCaseFiles.maxDiff(f.tensor("hidden.layers." + layer).floats(), r, l, d,
            out.layerHidden()[layer][r], 0);
        System.out.printf("case row %d: hidden.layers.%d max |diff| %.2e%n", r, layer, h);
        assertTrue(h < 1e-5, "hidden layer " + layer + " row " + r + " max diff " + h); // 1e-5
      }
      GoldenCaseFiles.assertState(f, r, out.states()[r], 1e-4); // tolerance 1e-4
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 8, 16})
  void longCase_blockByBlockWithCarriedState_matchesGolden(int chunksPerBlock) {
    SafeTensorsFile f = GoldenCaseFiles.read("case-long.safetensors");
    int[][] tokens = GoldenCaseFiles.tokens(f);
    int l = tokens[0].length;
    int block = chunksPerBlock * model.config().chunkSize();
    float[] logits = f.tensor("logits").floats();
    int v = model.config().outputVocab();
    StreamState[] states = initial(1);
    double worst = 0;
    for (int start = 0; start < l; start += block) {
      int[][] piece = {java.util.Arrays.copyOfRange(tokens[0], start, start + block)};
      BlockOutput out = model.forward(states, piece, new int[] {block}, OutputRequest.logitsOnly());
      worst = Math.max(worst, GoldenCaseFiles.maxDiff(logits, 0, l, v, out.logits()[0], start));
      states = out.states();
    }
    System.out.printf("case-long, block %d: logits max |diff| %.2e%n", block, worst);
    assertTrue(worst < 1e-4, "block " + block + ": logits max diff " + worst); // tolerance 1e-4
    GoldenCaseFiles.assertState(f, 0, states[0], 1e-4); // tolerance 1e-4
  }

  private static StreamState[] initial(int b) {
    StreamState[] s = new StreamState[b];
    for (int i = 0; i < b; i++) {
      s[i] = StreamState.initial(model.config());
    }
    return s;
  }
}
