package io.megaspark.megalodon.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.memory.InfiniMemoryConfig;
import io.megaspark.megalodon.memory.UpdateRule;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.reference.ReferenceOutput;
import io.megaspark.megalodon.rope.RopeScalingConfig;
import io.megaspark.megalodon.testing.TestModels;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TensorFlow model with the context-extension settings against the float64 reference: attention chunk
 * override, RoPE scaling (attention factor, length-dependent methods), Infini memory (linear, delta), over
 * two blocks with carried state and a partial last chunk.
 */
class MegalodonModelContextTest {
  /** float32 graph against the float64 reference (golden/README.md expects 1e-4 on logits). */
  private static final double LOGIT_TOL = 1e-4;
  /** Relative tolerance of the carried memory: float32 per-chunk writes summed in float64. */
  private static final double MEMORY_REL_TOL = 1e-5;

  static Stream<MegalodonConfig> configs() {
    MegalodonConfig c = TestModels.micro();
    return Stream.of(
        c.toBuilder().chunkSizeOverride(8).build(),
        c.toBuilder().chunkSizeOverride(8).ropeScaling(rope("{\"rope_type\": \"yarn\", \"factor\": 4.0}"))
            .build(),
        c.toBuilder().chunkSizeOverride(12).ropeScaling(rope("{\"rope_type\": \"dynamic\", \"factor\": 2.0}"))
            .build(),
        c.toBuilder().ropeScaling(rope("{\"rope_type\": \"longrope\", \"short_factor\": [1, 2],"
            + " \"long_factor\": [3, 5], \"attention_factor\": 1.3}")).chunkSizeOverride(8).build(),
        c.toBuilder().infini(new InfiniMemoryConfig(true, UpdateRule.LINEAR, 0.0)).build(),
        c.toBuilder().infini(new InfiniMemoryConfig(true, UpdateRule.DELTA, 0.0)).build(),
        c.toBuilder().infini(new InfiniMemoryConfig(true, UpdateRule.LINEAR, 0.0)).chunkSizeOverride(8)
            .ropeScaling(rope("{\"rope_type\": \"linear\", \"factor\": 2.0}")).build());
  }

  private static RopeScalingConfig rope(String json) {
    try {
      return RopeScalingConfig.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void twoBlocksWithCarriedState_matchTheReference(MegalodonConfig c) {
    MegalodonWeights w = TestModels.perturbed(c, 21, 0.3);
    ReferenceModel ref = new ReferenceModel(w);
    int block = 24;
    int[][] doc = {TestModels.tokens(c, 2 * block, 1), TestModels.tokens(c, 2 * block, 2)};
    int[] lastValid = {block, block - 3}; // row 1 ends inside a chunk in the second block
    try (MegalodonModel model = MegalodonModel.of(c, w, ModelOptions.threads(1))) {
      StreamState[] tf = {StreamState.initial(c), StreamState.initial(c)};
      StreamState[] r = {StreamState.initial(c), StreamState.initial(c)};
      for (int k = 0; k < 2; k++) {
        int[][] tokens = new int[2][];
        int[] valid = k == 0 ? new int[] {block, block} : lastValid;
        for (int row = 0; row < 2; row++) {
          tokens[row] = Arrays.copyOfRange(doc[row], k * block, (k + 1) * block);
          Arrays.fill(tokens[row], valid[row], block, 0);
        }
        BlockOutput out = model.forward(tf, tokens, valid, OutputRequest.logitsOnly());
        for (int row = 0; row < 2; row++) {
          ReferenceOutput expected = ref.forward(r[row], Arrays.copyOf(tokens[row], valid[row]));
          double diff = maxAbsDiff(expected.logits(), out.logits()[row]);
          assertTrue(diff <= LOGIT_TOL, describe(c) + " block " + k + " row " + row + ": logits differ by "
              + diff);
          assertMemoryClose(expected.state(), out.states()[row], c);
          assertEquals(expected.state().position(), out.states()[row].position());
          r[row] = expected.state();
        }
        tf = out.states();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void blockSplit_doesNotChangeTheLogits(MegalodonConfig c) {
    MegalodonWeights w = TestModels.perturbed(c, 22, 0.3);
    int chunk = c.attentionChunk();
    int length = 6 * chunk;
    int[] doc = TestModels.tokens(c, length, 3);
    try (MegalodonModel model = MegalodonModel.of(c, w, ModelOptions.threads(1))) {
      float[][] one = model.forward(new StreamState[] {StreamState.initial(c)}, new int[][] {doc},
          new int[] {length}, OutputRequest.logitsOnly()).logits()[0];
      StreamState[] s = {StreamState.initial(c)};
      for (int from = 0; from < length; from += 2 * chunk) {
        int[][] piece = {Arrays.copyOfRange(doc, from, from + 2 * chunk)};
        BlockOutput out = model.forward(s, piece, new int[] {2 * chunk}, OutputRequest.logitsOnly());
        for (int t = 0; t < 2 * chunk; t++) {
          for (int v = 0; v < one[0].length; v++) {
            double d = Math.abs(one[from + t][v] - out.logits()[0][t][v]);
            assertTrue(d <= LOGIT_TOL, describe(c) + " token " + (from + t) + ": " + d);
          }
        }
        s = out.states();
      }
    }
  }

  @org.junit.jupiter.api.Test
  void blockNotAMultipleOfTheAttentionChunk_isRefused() {
    MegalodonConfig c = TestModels.micro().toBuilder().chunkSizeOverride(8).build();
    try (MegalodonModel model = MegalodonModel.of(c, TestModels.perturbed(c, 1, 0.1), ModelOptions.threads(1))) {
      var e = assertThrows(MegalodonException.class, () -> model.forward(
          new StreamState[] {StreamState.initial(c)}, new int[][] {new int[12]}, new int[] {12},
          OutputRequest.logitsOnly()));
      assertTrue(e.getMessage().startsWith("block length 12 is not a multiple of the attention chunk 8"),
          e.getMessage());
    }
  }

  private static void assertMemoryClose(StreamState expected, StreamState actual, MegalodonConfig c) {
    assertEquals(expected.hasMemory(), actual.hasMemory());
    for (int l = 0; expected.hasMemory() && l < c.numLayers(); l++) {
      double[][] pairs = {expected.memoryM(l), actual.memoryM(l), expected.memoryZ(l), actual.memoryZ(l)};
      for (int p = 0; p < 4; p += 2) {
        double scale = Arrays.stream(pairs[p]).map(Math::abs).max().orElse(0) + 1e-12;
        for (int i = 0; i < pairs[p].length; i++) {
          double d = Math.abs(pairs[p][i] - pairs[p + 1][i]) / scale;
          assertTrue(d <= MEMORY_REL_TOL, describe(c) + " layer " + l + (p == 0 ? " M" : " z") + "[" + i
              + "] relative difference " + d);
        }
      }
    }
  }

  private static String describe(MegalodonConfig c) {
    return "chunk " + c.attentionChunk() + ", rope " + c.ropeScaling().scaling().ropeType() + ", infini "
        + (c.infini().enabled() ? c.infini().update().jsonName() : "off");
  }

  private static double maxAbsDiff(double[][] a, float[][] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return m;
  }
}
