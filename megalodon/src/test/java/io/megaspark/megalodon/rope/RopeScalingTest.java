package io.megaspark.megalodon.rope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.rope.RopeScaling.Default;
import io.megaspark.megalodon.rope.RopeScaling.DynamicNtk;
import io.megaspark.megalodon.rope.RopeScaling.Linear;
import io.megaspark.megalodon.rope.RopeScaling.Llama3;
import io.megaspark.megalodon.rope.RopeScaling.LongRope;
import io.megaspark.megalodon.rope.RopeScaling.Ntk;
import io.megaspark.megalodon.rope.RopeScaling.Yarn;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The worked examples of MODEL.md §2.2 and the validation of every method. */
class RopeScalingTest {
  private static final double RELATIVE = 1e-12; // float64 formulas against float64 formulas

  @Test
  void defaultFrequencies_areBasePowers() {
    RopeFrequencies f = new Default().compute(8, 10_000, 0);
    double[] expected = {1, 0.1, 0.01, 0.001}; // 10^4^(-2i/8) = 10^(-i)
    for (int i = 0; i < 4; i++) {
      assertEquals(expected[i], f.invFreq(i), 1e-15, "pair " + i);
    }
    assertEquals(1.0, f.attentionFactor(), 0.0);
  }

  @Test
  void linear_dividesEveryFrequencyByFactor() {
    RopeFrequencies plain = new Default().compute(64, 10_000, 0);
    RopeFrequencies scaled = new Linear(4).compute(64, 10_000, 0);
    for (int i = 0; i < 32; i++) {
      assertEquals(plain.invFreq(i) / 4, scaled.invFreq(i), 0.0, "pair " + i); // the same one division
    }
  }

  @Test
  void ntk_alphaExamples_matchModelMd() {
    // MODEL.md §2.2, printed to two decimals.
    assertEquals(20_221.26, new Ntk(2).scaledBase(128, 10_000), 0.005);
    assertEquals(82_684.62, new Ntk(8).scaledBase(128, 10_000), 0.005);
  }

  @Test
  void ntk_keepsHighestAndInterpolatesLowestByAlpha() {
    int d = 128;
    double[] plain = new Default().compute(d, 10_000, 0).invFreq();
    double[] ntk = new Ntk(8).compute(d, 10_000, 0).invFreq();
    assertEquals(plain[0], ntk[0], 0.0);
    // The lowest frequency is base'^(-(d-2)/d) = base^(-(d-2)/d) / alpha.
    assertEquals(plain[d / 2 - 1] / 8, ntk[d / 2 - 1], plain[d / 2 - 1] * RELATIVE);
  }

  @Test
  void dynamic_examples_matchModelMd() {
    DynamicNtk s2 = new DynamicNtk(2);
    assertEquals(30_527.74, s2.scaledBase(128, 10_000, 4096, 8192), 0.005);
    DynamicNtk s1 = new DynamicNtk(1);
    assertEquals(20_221.26, s1.scaledBase(128, 10_000, 4096, 8192), 0.005);
    // Through compute: the base read back from pair 1, base'^(-2/d).
    RopeFrequencies f = s2.compute(128, 10_000, 4096, OptionalInt.of(8192));
    assertEquals(30_527.74, Math.pow(1 / f.invFreq(1), 64), 0.01);
  }

  @Test
  void dynamic_atOrBelowOriginalLength_equalsDefault() {
    RopeFrequencies plain = new Default().compute(64, 10_000, 2048);
    DynamicNtk dynamic = new DynamicNtk(4);
    for (int len : new int[] {1, 1024, 2048}) {
      assertFrequencies(plain, dynamic.compute(64, 10_000, 2048, OptionalInt.of(len)), "len " + len);
    }
    assertFrequencies(plain, dynamic.compute(64, 10_000, 2048), "no seqLen");
  }

  @Test
  void dynamic_originalMaxPositionEmbeddings_replacesMaxPositions() {
    DynamicNtk withOriginal = new DynamicNtk(2, OptionalInt.of(4096));
    RopeFrequencies a = withOriginal.compute(128, 10_000, 0, OptionalInt.of(8192));
    RopeFrequencies b = new DynamicNtk(2).compute(128, 10_000, 4096, OptionalInt.of(8192));
    assertFrequencies(b, a, "L from original_max_position_embeddings");
  }

  @Test
  void yarn_rampBounds_matchModelMd() {
    Yarn yarn = Yarn.of(16);
    assertEquals(new Yarn.CorrectionRange(20, 46), yarn.correctionRange(128, 10_000, 4096)); // LLaMA-2
    assertEquals(new Yarn.CorrectionRange(18, 35), yarn.correctionRange(128, 500_000, 8192)); // Llama-3
  }

  @Test
  void yarn_withoutTruncate_keepsFractionalBounds() {
    Yarn yarn = new Yarn(OptionalDouble.of(16), 32, 1, OptionalDouble.empty(), OptionalDouble.empty(),
        OptionalDouble.empty(), false, OptionalInt.empty());
    Yarn.CorrectionRange r = yarn.correctionRange(128, 10_000, 4096);
    assertEquals(20.94, r.low(), 0.01); // 128 ln(4096/(64 pi)) / (2 ln 1e4)
    assertEquals(45.03, r.high(), 0.01); // 128 ln(4096/(2 pi)) / (2 ln 1e4)
  }

  @Test
  void yarn_mscaleValues_matchModelMd() {
    double[][] table = {{2, 1.0693}, {4, 1.1386}, {8, 1.2079}, {16, 1.2773}, {32, 1.3466}};
    for (double[] row : table) {
      assertEquals(row[1], Yarn.mscale(row[0], 1), 5e-5, "s = " + row[0]); // printed to 4 decimals
      assertEquals(row[1], Yarn.of(row[0], 4096).compute(128, 10_000, 0).attentionFactor(), 5e-5);
    }
    assertEquals(1.0, Yarn.mscale(0.5, 1), 0.0);
  }

  @Test
  void yarn_blend_keepsHighDividesLowFrequencies() {
    double[] plain = new Default().compute(128, 10_000, 0).invFreq();
    double[] yarn = Yarn.of(8, 4096).compute(128, 10_000, 0).invFreq();
    for (int i = 0; i <= 20; i++) {
      assertEquals(plain[i], yarn[i], plain[i] * RELATIVE, "kept pair " + i);
    }
    for (int i = 46; i < 64; i++) {
      assertEquals(plain[i] / 8, yarn[i], plain[i] * RELATIVE, "interpolated pair " + i);
    }
    for (int i = 21; i < 46; i++) {
      assertTrue(yarn[i] < plain[i] && yarn[i] > plain[i] / 8, "blended pair " + i);
    }
  }

  @Test
  void yarn_mscaleAndMscaleAllDim_giveTheirRatio() {
    Yarn deepSeek = new Yarn(OptionalDouble.of(40), 32, 1, OptionalDouble.empty(), OptionalDouble.of(0.707),
        OptionalDouble.of(1.0), true, OptionalInt.of(4096));
    double expected = (0.1 * 0.707 * Math.log(40) + 1) / (0.1 * Math.log(40) + 1);
    assertEquals(expected, deepSeek.compute(128, 10_000, 0).attentionFactor(), 1e-15);
  }

  @Test
  void yarn_explicitAttentionFactor_wins() {
    Yarn yarn = new Yarn(OptionalDouble.of(8), 32, 1, OptionalDouble.of(1.5), OptionalDouble.empty(),
        OptionalDouble.empty(), true, OptionalInt.of(4096));
    assertEquals(1.5, yarn.compute(128, 10_000, 0).attentionFactor(), 0.0);
  }

  @Test
  void yarn_missingFactor_isMaxPositionsOverOriginal() {
    Yarn derived = new Yarn(OptionalDouble.empty(), 32, 1, OptionalDouble.empty(), OptionalDouble.empty(),
        OptionalDouble.empty(), true, OptionalInt.of(4096));
    assertFrequencies(Yarn.of(8, 4096).compute(128, 10_000, 32768), derived.compute(128, 10_000, 32768),
        "factor 32768/4096");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> derived.compute(128, 10_000, 0));
    assertEquals("rope_type 'yarn' needs max_position_embeddings (factor is absent, so it is"
        + " max_position_embeddings / original_max_position_embeddings), got 0; pass the model's"
        + " max_position_embeddings", e.getMessage());
  }

  @Test
  void llama3_d128_keeps29_divides29_blends6() {
    double[] plain = new Default().compute(128, 500_000, 0).invFreq();
    double[] llama = new Llama3(8, 1, 4, 8192).compute(128, 500_000, 0).invFreq();
    int kept = 0;
    int divided = 0;
    int blended = 0;
    for (int i = 0; i < 64; i++) {
      if (llama[i] == plain[i]) {
        kept++;
      } else if (llama[i] == plain[i] / 8) {
        divided++;
      } else {
        assertTrue(llama[i] < plain[i] && llama[i] > plain[i] / 8, "blend of pair " + i + " lies between");
        blended++;
      }
    }
    assertArrayEquals(new int[] {29, 29, 6}, new int[] {kept, divided, blended});
  }

  @Test
  void longrope_attentionFactorExample_matchesModelMd() {
    LongRope longRope = longRope(OptionalInt.of(4096));
    assertEquals(1.1902, longRope.compute(4, 10_000, 32 * 4096).attentionFactor(), 5e-5); // printed to 4 decimals
    assertEquals(Math.sqrt(1 + Math.log(32) / Math.log(4096)),
        longRope.compute(4, 10_000, 32 * 4096).attentionFactor(), 1e-15);
  }

  @Test
  void longrope_choosesLongFactorOnlyBeyondOriginalLength() {
    LongRope longRope = longRope(OptionalInt.of(4096));
    double[] plain = new Default().compute(4, 10_000, 0).invFreq();
    double[] atOriginal = longRope.compute(4, 10_000, 131_072, OptionalInt.of(4096)).invFreq();
    double[] beyond = longRope.compute(4, 10_000, 131_072, OptionalInt.of(4097)).invFreq();
    assertArrayEquals(new double[] {plain[0] / 1.5, plain[1] / 2.0}, atOriginal, 1e-15);
    assertArrayEquals(new double[] {plain[0] / 3.0, plain[1] / 4.0}, beyond, 1e-15);
  }

  @Test
  void longrope_factorConflictingWithLengths_fails() {
    LongRope longRope = new LongRope(new double[] {1, 1}, new double[] {1, 1}, OptionalDouble.of(4),
        OptionalDouble.empty(), OptionalInt.of(4096));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> longRope.compute(4, 10_000, 131_072));
    assertEquals("factor = 4.0 disagrees with max_position_embeddings / original_max_position_embeddings = "
        + "131072 / 4096 = 32.0; Hugging Face uses the ratio: drop factor or fix the lengths", e.getMessage());
  }

  @Test
  void factorOne_everyMethodEqualsDefault() {
    int d = 64;
    RopeFrequencies plain = new Default().compute(d, 10_000, 4096);
    double[] ones = new double[d / 2];
    Arrays.fill(ones, 1.0);
    List<RopeScaling> methods = List.of(new Linear(1), new Ntk(1), new DynamicNtk(1), Yarn.of(1),
        Yarn.of(1, 4096), new Llama3(1, 1, 4, 4096),
        new LongRope(ones, ones, OptionalDouble.of(1), OptionalDouble.empty(), OptionalInt.empty()));
    for (RopeScaling m : methods) {
      // Dynamic NTK with factor 1 still changes the base beyond L (MODEL.md §2.2), so no seqLen here.
      assertFrequencies(plain, m.compute(d, 10_000, 4096), m.toString());
    }
  }

  @Test
  void factorBelowOne_isRejectedWithKeyValueAndRule() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Linear(0.5));
    assertEquals("factor = 0.5: must be finite and >= 1 (1 means no scaling)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Ntk(Double.NaN));
    assertEquals("alpha = NaN: must be finite and >= 1 (1 means no scaling)", e.getMessage());
  }

  @Test
  void llama3_highNotAboveLow_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Llama3(8, 4, 4, 8192));
    assertEquals("high_freq_factor = 4.0, low_freq_factor = 4.0: high_freq_factor must be > low_freq_factor"
        + " (Llama 3.1 uses 4 and 1)", e.getMessage());
  }

  @Test
  void yarn_betaFastNotAboveBetaSlow_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Yarn(
        OptionalDouble.of(4), 1, 32, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
        true, OptionalInt.empty()));
    assertEquals("beta_fast = 1.0, beta_slow = 32.0: beta_fast must be > beta_slow (defaults 32 and 1)",
        e.getMessage());
  }

  @Test
  void longrope_wrongListLength_isRejectedAtCompute() {
    LongRope longRope = longRope(OptionalInt.of(4096));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> longRope.compute(8, 10_000, 8192));
    assertEquals("short_factor/long_factor have 2 entries but head_dim 8 has 4 rotated pairs", e.getMessage());
  }

  @Test
  void oddHeadDim_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Default().compute(7, 10_000, 0));
    assertEquals("headDim = 7: must be even and >= 2", e.getMessage());
  }

  private static LongRope longRope(OptionalInt original) {
    return new LongRope(new double[] {1.5, 2.0}, new double[] {3.0, 4.0}, OptionalDouble.empty(),
        OptionalDouble.empty(), original);
  }

  private static void assertFrequencies(RopeFrequencies expected, RopeFrequencies actual, String what) {
    assertEquals(expected.pairs(), actual.pairs(), what + ": pairs");
    for (int i = 0; i < expected.pairs(); i++) {
      assertEquals(expected.invFreq(i), actual.invFreq(i), expected.invFreq(i) * RELATIVE, what + ": pair " + i);
    }
    assertEquals(expected.attentionFactor(), actual.attentionFactor(), RELATIVE, what + ": attention factor");
  }
}
