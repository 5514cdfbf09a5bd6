package io.megaspark.megalodon.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.memory.InfiniMemoryConfig;
import io.megaspark.megalodon.memory.UpdateRule;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.rope.RopeFrequencies;
import io.megaspark.megalodon.rope.RopeScaling;
import io.megaspark.megalodon.rope.RopeScalingConfig;
import io.megaspark.megalodon.testing.TestModels;
import io.megaspark.megalodon.weights.MegalodonWeights;
import io.megaspark.megalodon.weights.WeightLayout;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference with the context-extension settings: attention chunk, RoPE scaling, Infini memory. */
class ReferenceContextTest {
  /** Carried h is stored as float32 between blocks, so streaming differs from one pass by rounding. */
  private static final double STREAM_TOL = 1e-5;

  private static MegalodonConfig withMemory(UpdateRule rule) {
    return TestModels.micro().toBuilder().infini(new InfiniMemoryConfig(true, rule, 0.0)).build();
  }

  static Stream<UpdateRule> rules() {
    return Stream.of(UpdateRule.LINEAR, UpdateRule.DELTA);
  }

  @ParameterizedTest
  @MethodSource("rules")
  void infiniMemorySplitIntoAnyBlocks_equalsOnePass(UpdateRule rule) {
    MegalodonConfig c = withMemory(rule);
    ReferenceModel model = new ReferenceModel(TestModels.perturbed(c, 5, 0.3));
    int[] tokens = TestModels.tokens(c, 6 * 4 + 3, 8);
    Streaming.Result one = Streaming.run(model, StreamState.initial(c), tokens, tokens.length);
    for (int block : new int[] {4, 8, 12, 20}) {
      Streaming.Result r = Streaming.run(model, StreamState.initial(c), tokens, block);
      double diff = Streaming.maxAbsDiff(r.logits(), one.logits());
      assertTrue(diff <= STREAM_TOL, rule + ", blocks of " + block + ": logits differ by " + diff);
      for (int l = 0; l < c.numLayers(); l++) {
        double m = maxAbsDiff(r.state().memoryM(l), one.state().memoryM(l));
        // the memory sums the same float64 terms in the same order; only the float32 rounding of the
        // carried CEMA h (deviation 3) changes its inputs
        assertTrue(m <= STREAM_TOL, "memory M of layer " + l + " differs by " + m);
      }
    }
  }

  @Test
  void infiniMemory_halvesTheFirstChunkAndFillsTheMemory() {
    MegalodonConfig c = withMemory(UpdateRule.LINEAR);
    MegalodonWeights w = TestModels.perturbed(c, 6, 0.3);
    ReferenceModel plainGateHalf = new ReferenceModel(w.withConfig(c.toBuilder()
        .infini(InfiniMemoryConfig.DISABLED).build()));
    ReferenceModel memory = new ReferenceModel(w);
    int[] tokens = TestModels.tokens(c, 12, 9);
    double[][] a = memory.forward(StreamState.initial(c), tokens).logits();
    double[][] b = plainGateHalf.forward(StreamState.initial(plainGateHalf.config()), tokens).logits();
    // first chunk: the read is 0, so O becomes (1 - sigmoid(beta)) A_dot, which differs from A_dot
    assertNotEquals(a[0][0], b[0][0]);
    assertTrue(memory.forward(StreamState.initial(c), tokens).state().memoryZ(0)[0] > 0, "z grew");
  }

  @Test
  void gateMinusInfinity_givesThePlainModelExactly() {
    MegalodonConfig c = withMemory(UpdateRule.DELTA);
    MegalodonWeights w = withBeta(TestModels.perturbed(c, 10, 0.3), Float.NEGATIVE_INFINITY);
    MegalodonConfig plain = c.toBuilder().infini(InfiniMemoryConfig.DISABLED).build();
    int[] tokens = TestModels.tokens(c, 5 * 4 + 2, 4);
    ReferenceOutput withMem = new ReferenceModel(w).forward(StreamState.initial(c), tokens);
    ReferenceOutput without = new ReferenceModel(w.withConfig(plain)).forward(StreamState.initial(plain),
        tokens);
    for (int s = 0; s < tokens.length; s++) {
      assertArrayEquals(without.logits()[s], withMem.logits()[s], 0.0, "token " + s); // exact: 0 * A_mem + 1 * A_dot
    }
  }

  @Test
  void stateWithMemory_roundTripsThroughBytesAndContinuesTheStream() {
    MegalodonConfig c = withMemory(UpdateRule.LINEAR);
    ReferenceModel model = new ReferenceModel(TestModels.perturbed(c, 11, 0.3));
    int[] tokens = TestModels.tokens(c, 16, 12);
    StreamState mid = model.forward(StreamState.initial(c), Arrays.copyOf(tokens, 8)).state();
    StreamState back = StreamState.fromBytes(mid.toBytes());
    assertEquals(mid, back);
    assertEquals(mid.sizeBytes(), mid.toBytes().length);
    int[] rest = Arrays.copyOfRange(tokens, 8, 16);
    assertEquals(model.forward(mid, rest).state(), model.forward(back, rest).state());
  }

  @Test
  void stateWithoutMemory_doesNotFitAModelWithMemory() {
    MegalodonConfig c = withMemory(UpdateRule.LINEAR);
    ReferenceModel model = new ReferenceModel(TestModels.perturbed(c, 13, 0.1));
    var e = assertThrows(RuntimeException.class,
        () -> model.forward(StreamState.initial(TestModels.micro()), new int[] {1, 2}));
    assertTrue(e.getMessage().startsWith("stream state does not fit the model: Infini memory is absent in"
        + " the state but enabled in the config"), e.getMessage());
  }

  @Test
  void chunkSizeOverride_equalsAModelTrainedWithThatChunk() {
    MegalodonConfig trained = TestModels.micro();
    MegalodonWeights w = TestModels.perturbed(trained, 14, 0.2);
    MegalodonConfig override = trained.toBuilder().chunkSizeOverride(8).build();
    MegalodonConfig wide = trained.toBuilder().chunkSize(8).build();
    int[] tokens = TestModels.tokens(trained, 19, 15);
    double[][] a = new ReferenceModel(w.withConfig(override)).forward(StreamState.initial(override), tokens)
        .logits();
    double[][] b = new ReferenceModel(w.withConfig(wide)).forward(StreamState.initial(wide), tokens).logits();
    double[][] c = new ReferenceModel(w).forward(StreamState.initial(trained), tokens).logits();
    assertEquals(0.0, Streaming.maxAbsDiff(a, b), "override 8 = chunk 8 (default RoPE ignores the length)");
    assertTrue(Streaming.maxAbsDiff(a, c) > 1e-3, "chunk 8 attends further back than chunk 4");
  }

  @Test
  void chunkSizeOverride_blocksMustStartOnItsChunks() {
    MegalodonConfig c = TestModels.micro().toBuilder().chunkSizeOverride(8).build();
    ReferenceModel model = new ReferenceModel(TestModels.perturbed(TestModels.micro(), 1, 0.1).withConfig(c));
    StreamState at4 = model.forward(StreamState.initial(c), new int[] {1, 2, 3, 4}).state();
    var e = assertThrows(IllegalArgumentException.class, () -> model.forward(at4, new int[] {1}));
    assertTrue(e.getMessage().startsWith("the state is at position 4, inside a chunk of 8"), e.getMessage());
  }

  @Test
  void ropeScalingWithFactorOne_equalsDefaultForEveryMethod() {
    MegalodonConfig plain = TestModels.micro();
    MegalodonWeights w = TestModels.perturbed(plain, 16, 0.2);
    int[] tokens = TestModels.tokens(plain, 12, 17);
    double[][] expected = new ReferenceModel(w).forward(StreamState.initial(plain), tokens).logits();
    for (RopeScaling s : new RopeScaling[] {new RopeScaling.Linear(1.0), new RopeScaling.Ntk(1.0),
        new RopeScaling.DynamicNtk(1.0, java.util.OptionalInt.empty())}) {
      MegalodonConfig c = plain.toBuilder().ropeScaling(new RopeScalingConfig(OptionalDouble.empty(), s))
          .build();
      double[][] got = new ReferenceModel(w.withConfig(c)).forward(StreamState.initial(c), tokens).logits();
      double diff = Streaming.maxAbsDiff(got, expected);
      assertTrue(diff <= 1e-12, s.ropeType() + ": logits differ by " + diff); // same angles up to pow() ulps
    }
  }

  @Test
  void attentionFactor_scalesQueriesAndKeys() {
    SplittableRandom r = new SplittableRandom(18);
    double[][] q = random(r, 8, 8);
    double[][] k = random(r, 8, 8);
    double[][] v = random(r, 8, 12);
    double[] inv = new RopeScaling.Default().compute(4, 10000.0, 0).invFreq();
    double a = 1.2079441541679836; // YaRN s = 8
    double[][] scaled = ReferenceAttention.forward(q, k, v, 2, 4, new RopeFrequencies(inv, a));
    double[][] byHand = ReferenceAttention.forward(times(q, a), times(k, a), v, 2, 4,
        new RopeFrequencies(inv, 1.0));
    assertTrue(Streaming.maxAbsDiff(scaled, byHand) <= 1e-12, "cos and sin times a = q and k times a");
  }

  private static MegalodonWeights withBeta(MegalodonWeights w, float beta) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (String n : w.names()) {
      m.put(n, w.get(n));
    }
    for (int l = 0; l < w.config().numLayers(); l++) {
      float[] b = new float[w.config().numHeads()];
      Arrays.fill(b, beta);
      m.put(WeightLayout.layer(l, WeightLayout.INFINI_BETA), b);
    }
    return MegalodonWeights.of(w.config(), m);
  }

  private static double[][] random(SplittableRandom r, int rows, int cols) {
    double[][] x = new double[rows][cols];
    for (double[] row : x) {
      for (int j = 0; j < cols; j++) {
        row[j] = r.nextGaussian();
      }
    }
    return x;
  }

  private static double[][] times(double[][] x, double a) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = Arrays.stream(x[i]).map(e -> e * a).toArray();
    }
    return out;
  }

  private static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
