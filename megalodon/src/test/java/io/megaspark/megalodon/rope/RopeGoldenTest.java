package io.megaspark.megalodon.rope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.megaspark.megalodon.rope.RopeScaling.Ntk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of ../shared/golden/rope-hf.json (Hugging Face transformers, float32), and the official MEGALODON
 * model's rope.freqs buffer from ../shared/golden/megalodon-tiny-a.
 */
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

  @Test
  void megalodonTinyRopeBuffer_equalsDefaultFrequencies() throws IOException {
    // The official model's float32 buffer rope.freqs [d_z/2] = base^(-2i/d_z), d_z = z_dim/heads = 32/2, base 1e4.
    float[] official = readFloat32(GoldenRopeCases.goldenDir().resolve("megalodon-tiny-a/model.safetensors"),
        "rope.freqs");
    float[] ours = new RopeScaling.Default().compute(16, 10_000, 0).invFreqAsFloats();
    assertEquals(official.length, ours.length, "pairs");
    for (int i = 0; i < ours.length; i++) {
      assertRelative(official[i], ours[i], "rope.freqs[" + i + "]");
    }
  }

  /** Reads one F32 tensor from a safetensors file: u64 little-endian header length, JSON header, raw data. */
  private static float[] readFloat32(Path file, String name) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) bytes.getLong(0);
    JsonNode entry = new ObjectMapper().readTree(new String(bytes.array(), 8, headerLength, StandardCharsets.UTF_8))
        .get(name);
    assertEquals("F32", entry.get("dtype").asText(), name + " dtype");
    int start = 8 + headerLength + entry.get("data_offsets").get(0).asInt();
    int end = 8 + headerLength + entry.get("data_offsets").get(1).asInt();
    float[] out = new float[(end - start) / Float.BYTES];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.getFloat(start + i * Float.BYTES);
    }
    return out;
  }

  private static void assertRelative(double expected, double actual, String what) {
    double rel = Math.abs(actual - expected) / Math.abs(expected);
    assertTrue(rel <= RELATIVE, what + ": expected " + expected + ", got " + actual + " (relative " + rel
        + " > " + RELATIVE + ")");
  }
}
