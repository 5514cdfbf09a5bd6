package io.megaspark.megalodon.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.testing.TestPaths;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The evaluator's bits equal the float64 reference model's, streamed per document (carried or reset). */
class HeldOutEvaluatorTest {
  private static final int BLOCK = 32;

  /** Total nats of a document under the reference model, blocks of 32 with the state carried or reset. */
  private static double referenceNats(ReferenceModel ref, MegalodonConfig c, int[] doc, boolean carried) {
    double nats = 0;
    StreamState state = StreamState.initial(c);
    for (int start = 0; start < doc.length - 1; start += BLOCK) {
      int[] block = Arrays.copyOfRange(doc, start, Math.min(doc.length, start + BLOCK));
      if (!carried) {
        state = StreamState.initial(c);
      }
      var out = ref.forward(state, block);
      for (int t = 0; t < block.length && start + t + 1 < doc.length; t++) {
        double[] l = out.logits()[t];
        double max = Arrays.stream(l).max().orElseThrow();
        double sum = 0;
        for (double v : l) {
          sum += Math.exp(v - max);
        }
        nats += max + Math.log(sum) - l[doc[start + t + 1]];
      }
      state = out.state();
    }
    return nats;
  }

  @Test
  void evaluate_equalsReferenceModelForCarriedAndResetState() {
    MegalodonConfig c = MegalodonConfig.load(TestPaths.root().resolve("conf/models/tiny.json"));
    MegalodonWeights w = MegalodonWeights.initialize(c, 41);
    Random r = new Random(42);
    List<TokenDocument> docs = List.of(doc("long", 100, r), doc("short", 45, r), doc("mid", 70, r));
    ReferenceModel ref = new ReferenceModel(w);
    for (HeldOutEvaluator.StateMode mode : HeldOutEvaluator.StateMode.values()) {
      double want = 0;
      for (TokenDocument d : docs) {
        want += referenceNats(ref, c, d.tokens(), mode == HeldOutEvaluator.StateMode.CARRIED);
      }
      for (int rows : new int[] {1, 2}) {
        try (TrainingSession s = new TrainingSession(GraphSpec.full(c, rows, BLOCK, Set.of()), 1)) {
          HeldOutEvaluator.Result got = HeldOutEvaluator.evaluate(s, WeightSets.fromWeights(w), null, docs, 0, mode);
          assertEquals(99 + 44 + 69, got.tokens());
          // float32 graph against float64: 1e-4 per target (golden/README.md) over 212 targets
          assertEquals(want, got.buckets().totalNats(), 212 * 1e-4, mode + " rows " + rows);
          assertEquals(99 + 44 + 69 - 3, got.bytes(), 1e-9, "bytes: tokens minus BOS/EOS framing");
        }
      }
    }
  }

  private static TokenDocument doc(String id, int length, Random r) {
    int[] t = new int[length];
    t[0] = 256;
    for (int i = 1; i < length - 1; i++) {
      t[i] = r.nextInt(256);
    }
    t[length - 1] = 257;
    return new TokenDocument(id, t, length - 2);
  }
}
