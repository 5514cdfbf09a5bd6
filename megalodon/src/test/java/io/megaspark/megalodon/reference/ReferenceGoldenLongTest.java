package io.megaspark.megalodon.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.testing.GoldenCase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 2048 tokens (128 chunks) streamed block by block: drift over many carried blocks (golden/README.md). */
class ReferenceGoldenLongTest {
  private static final double LOGITS_TOL = 1e-4; // golden README bound; measured 6.7e-6
  private static final double STATE_TOL = 1e-5; // float32 golden states; measured 2.9e-6

  private static ReferenceModel model;
  private static GoldenCase golden;

  @BeforeAll
  static void load() {
    model = new ReferenceModel(GoldenCase.weights());
    golden = GoldenCase.read("case-long.safetensors");
  }

  /** Blocks of 1, 2, 4 and 16 chunks of 16 tokens. */
  @ParameterizedTest
  @ValueSource(ints = {16, 32, 64, 256})
  void streamedBlocks_matchGoldenLogitsAndFinalState(int blockSize) {
    long start = System.nanoTime();
    Streaming.Result r =
        Streaming.run(model, StreamState.initial(model.config()), golden.tokens(0), blockSize);
    double logits = Streaming.maxAbsDiff(r.logits(), golden.matrix("logits", 0));
    double state = ReferenceGoldenTest.stateDiff(golden, 0, r.state());
    System.out.printf("golden case-long, blocks of %d: logits %.2e, state %.2e, %d ms%n", blockSize,
        logits, state, (System.nanoTime() - start) / 1_000_000);
    assertTrue(logits <= LOGITS_TOL, "logits differ by " + logits);
    assertTrue(state <= STATE_TOL, "state differs by " + state);
  }
}
