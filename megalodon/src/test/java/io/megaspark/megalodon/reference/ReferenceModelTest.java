package io.megaspark.megalodon.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.testing.TestModels;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Streaming properties of the reference on random weights (DESIGN.md state contract, invariant 1). */
class ReferenceModelTest {
  /** Carried h is stored as float32 between blocks, so streaming differs from one pass by rounding. */
  private static final double STREAM_TOL = 1e-5;

  private static final MegalodonConfig CFG = TestModels.micro();
  private static final ReferenceModel MODEL =
      new ReferenceModel(TestModels.perturbed(CFG, 42, 0.1));

  static Stream<MegalodonConfig> variants() {
    MegalodonConfig c = TestModels.micro();
    return Stream.of(c, c.toBuilder().swiglu(false).build(), c.toBuilder().scaleEmb(true).build(),
        c.toBuilder().shareEmb(true).build(), c.toBuilder().rescaleNffn(true).build(),
        c.toBuilder().normAffine(false).build(), c.toBuilder().outputSize(7).ropeBase(500).build());
  }

  @ParameterizedTest
  @MethodSource("variants")
  void blockByBlock_equalsOnePass(MegalodonConfig c) {
    ReferenceModel model = new ReferenceModel(TestModels.perturbed(c, 7, 0.1));
    int[] tokens = TestModels.tokens(c, 40, 3);
    Streaming.Result one = Streaming.run(model, StreamState.initial(c), tokens, tokens.length);
    for (int block : new int[] {4, 8, 12, 16}) {
      Streaming.Result r = Streaming.run(model, StreamState.initial(c), tokens, block);
      double diff = Streaming.maxAbsDiff(r.logits(), one.logits());
      assertTrue(diff <= STREAM_TOL, "blocks of " + block + ": logits differ by " + diff);
      assertEquals(40, r.state().position());
      assertEquals(40, r.state().normCount(1));
    }
  }

  @Test
  void chunkBoundaryMinusOne_lastPartialBlockEqualsOnePass() {
    int[] tokens = TestModels.tokens(CFG, 2 * 4 + 3, 11); // two chunks, then chunk - 1
    compareSplit(tokens, new int[] {8, 3});
    compareSplit(tokens, new int[] {4, 4, 3});
  }

  @Test
  void chunkBoundaryPlusOne_lastBlockOfChunkPlusOneEqualsOnePass() {
    int[] tokens = TestModels.tokens(CFG, 2 * 4 + 5, 12); // two chunks, then chunk + 1
    compareSplit(tokens, new int[] {8, 5});
    compareSplit(tokens, new int[] {8, 4, 1});
  }

  private static void compareSplit(int[] tokens, int[] blocks) {
    ReferenceOutput one = MODEL.forward(StreamState.initial(CFG), tokens);
    StreamState s = StreamState.initial(CFG);
    int from = 0;
    for (int len : blocks) {
      ReferenceOutput out = MODEL.forward(s, Arrays.copyOfRange(tokens, from, from + len));
      double diff = Streaming.maxAbsDiff(out.logits(), Arrays.copyOfRange(one.logits(), from, from + len));
      assertTrue(diff <= STREAM_TOL, Arrays.toString(blocks) + ": logits differ by " + diff);
      s = out.state();
      from += len;
    }
    assertEquals(tokens.length, s.position());
  }

  @Test
  void blockStartingInsideChunk_isRejected() {
    StreamState s = MODEL.forward(StreamState.initial(CFG), new int[] {1, 2, 3}).state();
    var e = assertThrows(IllegalArgumentException.class, () -> MODEL.forward(s, new int[] {4}));
    assertEquals("the state is at position 3, inside a chunk of 4: only a document's last block may"
        + " end inside a chunk (no key/value cache is carried between blocks)", e.getMessage());
  }

  @Test
  void tokenOutsideVocabulary_isRejected() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> MODEL.forward(StreamState.initial(CFG), new int[] {1, 20}));
    assertEquals("tokens[1] = 20 is outside the vocabulary [0, 20)", e.getMessage());
  }

  @Test
  void deserializedState_continuesWithIdenticalLogits() {
    int[] tokens = TestModels.tokens(CFG, 24, 5);
    StreamState mid = MODEL.forward(StreamState.initial(CFG), Arrays.copyOf(tokens, 12)).state();
    StreamState back = StreamState.fromBytes(mid.toBytes());
    int[] rest = Arrays.copyOfRange(tokens, 12, 24);
    ReferenceOutput a = MODEL.forward(mid, rest);
    ReferenceOutput b = MODEL.forward(back, rest);
    for (int t = 0; t < rest.length; t++) {
      assertArrayEquals(a.logits()[t], b.logits()[t], 0.0); // bit-for-bit
    }
    assertEquals(a.state(), b.state());
  }

  @Test
  void stateFromAnotherModel_isRejected() {
    MegalodonConfig other = CFG.toBuilder().numLayers(3).build();
    var e = assertThrows(RuntimeException.class,
        () -> MODEL.forward(StreamState.initial(other), new int[] {1}));
    assertTrue(e.getMessage().contains("num_layers is 3 in the state but 2 in the config"),
        e.getMessage());
  }
}
