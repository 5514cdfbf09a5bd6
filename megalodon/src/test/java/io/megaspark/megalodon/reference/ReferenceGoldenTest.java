package io.megaspark.megalodon.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.testing.GoldenCase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reference against the official implementation's goldens (golden/README.md, megalodon-tiny-a). */
class ReferenceGoldenTest {
  private static final double LOGITS_TOL = 1e-4; // golden README: float32 agreement on logits
  private static final double HIDDEN_TOL = 1e-5; // per-layer outputs show misreadings below 1e-4
  private static final double STATE_TOL = 1e-5;

  private static ReferenceModel model;
  private static GoldenCase golden;

  @BeforeAll
  static void load() {
    model = new ReferenceModel(GoldenCase.weights());
    golden = GoldenCase.read("case.safetensors");
  }

  @Test
  void onePass_matchesGoldenLogitsAndEveryHiddenLayer() {
    for (int b = 0; b < golden.batch(); b++) {
      ReferenceOutput out = model.forward(StreamState.initial(model.config()), golden.tokens(b));
      double logits = Streaming.maxAbsDiff(out.logits(), golden.matrix("logits", b));
      System.out.printf("golden case row %d: max |logits diff| = %.2e%n", b, logits);
      assertTrue(logits <= LOGITS_TOL, "row " + b + ": logits differ by " + logits);
      for (int l = 0; l < model.config().numLayers(); l++) {
        double h = Streaming.maxAbsDiff(out.hidden()[l], golden.matrix("hidden.layers." + l, b));
        System.out.printf("golden case row %d: max |hidden.layers.%d diff| = %.2e%n", b, l, h);
        assertTrue(h <= HIDDEN_TOL, "row " + b + ", layer " + l + ": hidden differs by " + h);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 32, 64})
  void streamedBlocks_matchGoldenLogitsAndFinalState(int blockSize) {
    for (int b = 0; b < golden.batch(); b++) {
      Streaming.Result r =
          Streaming.run(model, StreamState.initial(model.config()), golden.tokens(b), blockSize);
      double logits = Streaming.maxAbsDiff(r.logits(), golden.matrix("logits", b));
      assertTrue(logits <= LOGITS_TOL, "row " + b + ": logits differ by " + logits);
      double state = stateDiff(golden, b, r.state());
      System.out.printf("golden case row %d, blocks of %d: logits %.2e, state %.2e%n",
          b, blockSize, logits, state);
      assertTrue(state <= STATE_TOL, "row " + b + ": state differs by " + state);
    }
  }

  /** Largest difference over every carried state tensor; counts must match exactly. */
  static double stateDiff(GoldenCase g, int b, StreamState s) {
    double m = 0;
    for (int l = 0; l < s.numLayers(); l++) {
      String p = "state.layers." + l + ".";
      m = Math.max(m, Streaming.maxAbsDiff(s.emaRe(l), g.floats(p + "cema.h.re", b)));
      m = Math.max(m, Streaming.maxAbsDiff(s.emaIm(l), g.floats(p + "cema.h.im", b)));
      assertEquals(g.longAt(p + "tsn.count", b), s.normCount(l), p + "tsn.count");
      m = Math.max(m, Streaming.maxAbsDiff(s.normMean(l), g.floats(p + "tsn.mean", b)));
      m = Math.max(m, Streaming.maxAbsDiff(s.normVar(l), g.floats(p + "tsn.var", b)));
    }
    assertEquals(g.longAt("state.output.tsn.count", b), s.outputNormCount(), "output tsn.count");
    m = Math.max(m, Streaming.maxAbsDiff(s.outputNormMean(), g.floats("state.output.tsn.mean", b)));
    return Math.max(m, Streaming.maxAbsDiff(s.outputNormVar(), g.floats("state.output.tsn.var", b)));
  }
}
