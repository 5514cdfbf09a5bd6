package io.megaspark.megalodon.rope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.rope.RopeScaling.Ntk;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of ../shared/golden/rope-hf.json, computed by Hugging Face transformers in float32. */
class RopeGoldenTest {
  /** Hugging Face computes in float32 (about 6e-8 relative per rounding); we compute in float64. */
  private static final double RELATIVE = 1e-6;

  static List<GoldenRopeCases.Case> cases() {
    return GoldenRopeCases.load();
  }

  @Test
  void goldenFile_coversEveryMethodItClaims() {
    List<String> types = cases().stream().map(c -> c.rope().get("rope_type").asText()).distinct().toList();
    assertTrue(types.containsAll(List.of("default", "linear", "dynamic", "yarn", "llama3", "ntk")), types::toString);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void computedFrequencies_matchHuggingFace(GoldenRopeCases.Case c) {
    RopeScalingConfig config = RopeScalingConfig.fromJson(c.rope(), "rope-hf.json " + c.name());
    RopeFrequencies got = config.compute(c.headDim(), RopeScalingConfig.DEFAULT_THETA,
        c.maxPositionEmbeddings(), c.seqLen());

    assertEquals(c.invFreq().length, got.pairs(), "pairs");
    for (int i = 0; i < got.pairs(); i++) {
      assertRelative(c.invFreq()[i], got.invFreq(i), "inv_freq[" + i + "]");
    }
    assertRelative(c.attentionFactor(), got.attentionFactor(), "attention_factor");
  }

  @Test
  void ntkCase_scaledBaseMatchesGolden() {
    for (GoldenRopeCases.Case c : cases()) {
      if (c.raw().has("base_scaled")) {
        Ntk ntk = (Ntk) RopeScaling.parse(c.rope(), c.name());
        double base = c.rope().get("rope_theta").asDouble();
        assertRelative(c.raw().get("base_scaled").asDouble(), ntk.scaledBase(c.headDim(), base), "base_scaled");
      }
    }
  }

  private static void assertRelative(double expected, double actual, String what) {
    double rel = Math.abs(actual - expected) / Math.abs(expected);
    assertTrue(rel <= RELATIVE, what + ": expected " + expected + ", got " + actual + " (relative " + rel
        + " > " + RELATIVE + ")");
  }
}
