package io.megaspark.megalodon.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.reference.ReferenceOutput;
import io.megaspark.megalodon.testing.TestModels;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The TensorFlow model against the float64 reference model and its own streaming invariants. */
class MegalodonModelTest {
  private static MegalodonConfig cfg;
  private static ReferenceModel reference;
  private static MegalodonModel model;

  @BeforeAll
  static void build() {
    cfg = TestModels.micro();
    MegalodonWeights w = TestModels.perturbed(cfg, 17, 0.1);
    reference = new ReferenceModel(w);
    model = MegalodonModel.of(cfg, w, ModelOptions.threads(2));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void forward_fromCarriedState_matchesReferenceModel() {
    int[] doc = TestModels.tokens(cfg, 20, 1);
    ReferenceOutput refFirst = reference.forward(StreamState.initial(cfg), Arrays.copyOf(doc, 8));
    ReferenceOutput refSecond = reference.forward(refFirst.state(), Arrays.copyOfRange(doc, 8, 20));
    BlockOutput first = run(StreamState.initial(cfg), Arrays.copyOf(doc, 8), 8);
    BlockOutput second = run(first.states()[0], Arrays.copyOfRange(doc, 8, 20), 12);
    assertTrue(maxDiff(refSecond.logits(), second.logits()[0], 12) < 1e-4, "logits"); // float32 vs float64
    assertStateClose(refSecond.state(), second.states()[0], 1e-5);
  }

  @Test
  void blockByBlock_equalsOnePass() {
    int[] doc = TestModels.tokens(cfg, 24, 2);
    BlockOutput whole = run(StreamState.initial(cfg), doc, 24);
    StreamState s = StreamState.initial(cfg);
    for (int from = 0; from < 24; from += 8) {
      BlockOutput part = run(s, Arrays.copyOfRange(doc, from, from + 8), 8);
      for (int t = 0; t < 8; t++) {
        for (int v = 0; v < cfg.outputVocab(); v++) {
          assertEquals(whole.logits()[0][from + t][v], part.logits()[0][t][v], 1e-5, // float32 order
              "position " + (from + t));
        }
      }
      s = part.states()[0];
    }
    assertStateClose(whole.states()[0], s, 1e-5);
  }

  @Test
  void raggedRows_equalEachRowAlone() {
    StreamState warm = run(StreamState.initial(cfg), TestModels.tokens(cfg, 8, 3), 8).states()[0];
    StreamState[] states = {warm, StreamState.initial(cfg), warm};
    int[] lengths = {12, 7, 0};
    int[][] tokens = new int[3][12];
    for (int r = 0; r < 3; r++) {
      System.arraycopy(TestModels.tokens(cfg, lengths[r], 10 + r), 0, tokens[r], 0, lengths[r]);
    }
    BlockOutput batch = model.forward(states, tokens, lengths, OutputRequest.logitsOnly());
    for (int r = 0; r < 2; r++) {
      int padded = (lengths[r] + cfg.chunkSize() - 1) / cfg.chunkSize() * cfg.chunkSize();
      BlockOutput alone = model.forward(new StreamState[] {states[r]},
          new int[][] {Arrays.copyOf(tokens[r], padded)}, new int[] {lengths[r]}, OutputRequest.logitsOnly());
      for (int t = 0; t < lengths[r]; t++) {
        assertArrayEquals(alone.logits()[0][t], batch.logits()[r][t], 1e-5f, "row " + r + " position " + t);
      }
      assertStateClose(alone.states()[0], batch.states()[r], 1e-6); // float32 reduction order
    }
    assertEquals(warm, batch.states()[2], "a row with no valid token keeps its state exactly");
  }

  @Test
  void deserializedState_continuesBitForBit() {
    int[] doc = TestModels.tokens(cfg, 16, 4);
    StreamState mid = run(StreamState.initial(cfg), Arrays.copyOf(doc, 8), 8).states()[0];
    StreamState restored = StreamState.fromBytes(mid.toBytes());
    BlockOutput a = run(mid, Arrays.copyOfRange(doc, 8, 16), 8);
    BlockOutput b = run(restored, Arrays.copyOfRange(doc, 8, 16), 8);
    for (int t = 0; t < 8; t++) {
      assertArrayEquals(a.logits()[0][t], b.logits()[0][t], 0f, "position " + t); // bit for bit
    }
    assertEquals(a.states()[0], b.states()[0]);
  }

  @Test
  void chunkBoundaryMinusOneAndPlusOne_matchReference() {
    int c = cfg.chunkSize();
    for (int tail : new int[] {c - 1, c + 1}) {
      int[] doc = TestModels.tokens(cfg, 2 * c + tail, 5 + tail);
      ReferenceOutput refHead = reference.forward(StreamState.initial(cfg), Arrays.copyOf(doc, 2 * c));
      ReferenceOutput refTail = reference.forward(refHead.state(), Arrays.copyOfRange(doc, 2 * c, doc.length));
      StreamState s = run(StreamState.initial(cfg), Arrays.copyOf(doc, 2 * c), 2 * c).states()[0];
      int padded = (tail + c - 1) / c * c;
      BlockOutput last = model.forward(new StreamState[] {s},
          new int[][] {Arrays.copyOf(Arrays.copyOfRange(doc, 2 * c, doc.length), padded)},
          new int[] {tail}, OutputRequest.logitsOnly());
      assertTrue(maxDiff(refTail.logits(), last.logits()[0], tail) < 1e-4, "logits, tail " + tail); // float32
      assertStateClose(refTail.state(), last.states()[0], 1e-5);
      assertEquals(2L * c + tail, last.states()[0].position());
    }
  }

  @Test
  void targetLogProbsAndHiddenMean_agreeWithLogitsAndHidden() {
    int[] doc = TestModels.tokens(cfg, 8, 6);
    int[][] targets = {TestModels.tokens(cfg, 8, 7)};
    targets[0][3] = -1;
    BlockOutput out = model.forward(new StreamState[] {StreamState.initial(cfg)}, new int[][] {doc},
        new int[] {7}, new OutputRequest(true, targets, true, true));
    for (int t = 0; t < 8; t++) {
      float[] logits = out.logits()[0][t];
      double max = Double.NEGATIVE_INFINITY;
      for (float l : logits) {
        max = Math.max(max, l);
      }
      double sum = 0;
      for (float l : logits) {
        sum += Math.exp(l - max);
      }
      double expected = targets[0][t] < 0 || t >= 7 ? Double.NaN
          : logits[targets[0][t]] - max - Math.log(sum);
      assertEquals(expected, out.targetLogProbs()[0][t], 1e-5, "position " + t); // float32
    }
    for (int d = 0; d < cfg.modelDim(); d++) {
      double mean = 0;
      for (int t = 0; t < 7; t++) {
        mean += out.hidden()[0][t][d] / 7.0;
      }
      assertEquals(mean, out.hiddenMean()[0][d], 1e-5, "feature " + d); // float32
      assertEquals(0f, out.hidden()[0][7][d], 0f, "padded position is 0");
    }
  }

  @Test
  void concurrentCallers_getTheSameResultsAsSequential() throws Exception {
    int[] doc = TestModels.tokens(cfg, 16, 8);
    BlockOutput expected = run(StreamState.initial(cfg), doc, 16);
    Thread[] threads = new Thread[4];
    BlockOutput[] got = new BlockOutput[threads.length];
    for (int i = 0; i < threads.length; i++) {
      int k = i;
      threads[i] = new Thread(() -> got[k] = run(StreamState.initial(cfg), doc, 16));
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    for (BlockOutput g : got) {
      assertEquals(expected.states()[0], g.states()[0]);
    }
  }

  @Test
  void ropeFrequencies_passedIn_replaceTheDefault() {
    MegalodonWeights w = TestModels.perturbed(cfg, 17, 0.1);
    float[] inv = io.megaspark.megalodon.rope.RotaryEmbedding.defaultInverseFrequencies(
        cfg.headDimZ(), cfg.ropeBase());
    int[] doc = TestModels.tokens(cfg, 8, 9);
    BlockOutput base = run(StreamState.initial(cfg), doc, 8);
    try (MegalodonModel same = MegalodonModel.of(cfg, w, ModelOptions.threads(2), inv, 1f);
        MegalodonModel scaled = MegalodonModel.of(cfg, w, ModelOptions.threads(2), inv, 1.2f)) {
      StreamState[] s = {StreamState.initial(cfg)};
      float[] a = same.forward(s, new int[][] {doc}, new int[] {8}, OutputRequest.logitsOnly()).logits()[0][5];
      float[] b = scaled.forward(s, new int[][] {doc}, new int[] {8}, OutputRequest.logitsOnly()).logits()[0][5];
      assertArrayEquals(base.logits()[0][5], a, 0f); // same graph, same weights: bit for bit
      double diff = 0;
      for (int v = 0; v < a.length; v++) {
        diff = Math.max(diff, Math.abs(a[v] - b[v]));
      }
      assertTrue(diff > 1e-4, "an attention factor of 1.2 must change the logits, diff " + diff);
    }
  }

  private static BlockOutput run(StreamState s, int[] tokens, int length) {
    return model.forward(new StreamState[] {s}, new int[][] {tokens}, new int[] {length},
        OutputRequest.logitsOnly());
  }

  private static double maxDiff(double[][] ref, float[][] got, int n) {
    double m = 0;
    for (int t = 0; t < n; t++) {
      for (int v = 0; v < ref[t].length; v++) {
        m = Math.max(m, Math.abs(ref[t][v] - got[t][v]));
      }
    }
    return m;
  }

  static void assertStateClose(StreamState expected, StreamState got, double tol) {
    assertEquals(expected.position(), got.position(), "position");
    for (int l = 0; l < expected.numLayers(); l++) {
      assertArrayEquals(expected.emaRe(l), got.emaRe(l), (float) tol, "ema re layer " + l);
      assertArrayEquals(expected.emaIm(l), got.emaIm(l), (float) tol, "ema im layer " + l);
      assertEquals(expected.normCount(l), got.normCount(l), "count layer " + l);
      assertArrayEquals(expected.normMean(l), got.normMean(l), tol, "mean layer " + l);
      assertArrayEquals(expected.normVar(l), got.normVar(l), tol, "var layer " + l);
    }
    assertEquals(expected.outputNormCount(), got.outputNormCount(), "output count");
    assertArrayEquals(expected.outputNormMean(), got.outputNormMean(), tol, "output mean");
    assertArrayEquals(expected.outputNormVar(), got.outputNormVar(), tol, "output var");
  }
}
