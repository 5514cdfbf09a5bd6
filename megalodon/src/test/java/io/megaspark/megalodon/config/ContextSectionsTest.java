package io.megaspark.megalodon.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.memory.InfiniMemoryConfig;
import io.megaspark.megalodon.memory.UpdateRule;
import io.megaspark.megalodon.rope.RopeFrequencies;
import io.megaspark.megalodon.rope.RopeScaling;
import io.megaspark.megalodon.rope.RopeScalingConfig;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The context-extension parts of a model config: rope_scaling / rope_parameters, infini, chunk_size_override. */
class ContextSectionsTest {
  private static final String BASE = "\"vocab_size\": 256, \"z_dim\": 32, \"num_heads\": 2,"
      + " \"value_dim\": 64, \"chunk_size\": 16";

  private static MegalodonConfig parse(String extra) {
    return MegalodonConfig.fromJson("{" + BASE + ", " + extra + "}", "c.json");
  }

  private static String failure(String extra) {
    return assertThrows(MegalodonException.class, () -> parse(extra)).getMessage();
  }

  @Test
  void noSections_meanNoScalingNoMemoryTrainedChunk() {
    MegalodonConfig c = MegalodonConfig.fromJson("{" + BASE + "}", "c.json");
    assertEquals(RopeScalingConfig.NONE, c.ropeScaling());
    assertEquals(InfiniMemoryConfig.DISABLED, c.infini());
    assertEquals(0, c.chunkSizeOverride());
    assertEquals(16, c.attentionChunk());
  }

  @Test
  void ropeScalingSection_loadsTheMethod() {
    MegalodonConfig c = parse("\"rope_scaling\": {\"rope_type\": \"linear\", \"factor\": 4.0}");
    assertEquals(new RopeScaling.Linear(4.0), c.ropeScaling().scaling());
    assertEquals(10000.0, c.ropeBase(), 0.0);
  }

  @Test
  void ropeParametersSection_isTheV5Name() {
    MegalodonConfig c = parse("\"rope_parameters\": {\"rope_type\": \"ntk\", \"alpha\": 2.0}");
    assertEquals("ntk", c.ropeScaling().scaling().ropeType());
  }

  @Test
  void bothRopeSectionNames_fail() {
    String m = failure("\"rope_scaling\": {\"rope_type\": \"linear\", \"factor\": 2.0},"
        + " \"rope_parameters\": {\"rope_type\": \"linear\", \"factor\": 2.0}");
    assertEquals("model config c.json: both 'rope_scaling' and 'rope_parameters' are given; they are the"
        + " transformers v4 and v5 names of one section: keep one", m);
  }

  @Test
  void ropeThetaInSection_setsTheBaseWhenRopeBaseIsAbsent() {
    MegalodonConfig c = parse("\"rope_scaling\": {\"rope_type\": \"default\", \"rope_theta\": 500000.0}");
    assertEquals(500000.0, c.ropeBase(), 0.0);
    assertEquals(OptionalDouble.of(500000.0), c.ropeScaling().theta());
  }

  @Test
  void ropeThetaEqualToRopeBase_loads() {
    MegalodonConfig c = parse("\"rope_base\": 20000.0,"
        + " \"rope_scaling\": {\"rope_type\": \"linear\", \"factor\": 2.0, \"rope_theta\": 20000}");
    assertEquals(20000.0, c.ropeBase(), 0.0);
  }

  @Test
  void ropeThetaDifferentFromRopeBase_fails() {
    String m = failure("\"rope_base\": 10000.0,"
        + " \"rope_scaling\": {\"rope_type\": \"linear\", \"factor\": 2.0, \"rope_theta\": 20000}");
    assertEquals("model config c.json: rope_base=10000.0 and rope_scaling.rope_theta=20000.0 name the same"
        + " RoPE base with different values; give one of them, or the same value in both", m);
  }

  @Test
  void topLevelRopeThetaDifferentFromRopeBase_fails() {
    String m = failure("\"rope_base\": 10000.0, \"rope_theta\": 100000.0");
    assertTrue(m.contains("rope_base=10000.0 and rope_theta=100000.0 name the same RoPE base"), m);
  }

  @Test
  void topLevelRopeTheta_aloneSetsTheBase() {
    assertEquals(100000.0, parse("\"rope_theta\": 100000.0").ropeBase(), 0.0);
  }

  @Test
  void officialShape_takesSectionsBesideTheModel() {
    MegalodonConfig c = MegalodonConfig.fromJson("{\"model\": {" + BASE + ", \"rope_base\": 1e5},"
        + " \"rope_scaling\": {\"type\": \"dynamic\", \"factor\": 2.0}, \"infini\": {\"enabled\": true},"
        + " \"chunk_size_override\": 64}", "o.json");
    assertEquals("dynamic", c.ropeScaling().scaling().ropeType());
    assertTrue(c.infini().enabled());
    assertEquals(64, c.attentionChunk());
    assertEquals(100000.0, c.ropeBase(), 0.0);
  }

  @Test
  void badRopeSection_failsNamingFileSectionAndValidKeys() {
    String m = failure("\"rope_scaling\": {\"rope_type\": \"linear\", \"factr\": 2.0}");
    assertTrue(m.startsWith("model config c.json: rope_scaling: unknown key 'factr' for rope_type 'linear'"),
        m);
    assertTrue(m.contains("valid keys: "), m);
  }

  @Test
  void longRopeListsOfTheWrongLength_failAtLoadNamingTheHeadWidth() {
    String m = failure("\"rope_scaling\": {\"rope_type\": \"longrope\", \"short_factor\": [1, 1],"
        + " \"long_factor\": [2, 2]}");
    assertTrue(m.startsWith("model config c.json: rope_scaling (longrope) does not fit this model (head"
        + " width 16, trained chunk_size 16, attention chunk 16): "), m);
  }

  @Test
  void infiniSection_loads() {
    MegalodonConfig c = parse("\"infini\": {\"enabled\": true, \"update\": \"delta\", \"gate_init\": -1.5}");
    assertEquals(new InfiniMemoryConfig(true, UpdateRule.DELTA, -1.5), c.infini());
  }

  @Test
  void infiniSectionWithoutEnabled_failsNamingTheFile() {
    String m = failure("\"infini\": {\"update\": \"delta\"}");
    assertTrue(m.startsWith("model config c.json: infini: the infini section needs \"enabled\""), m);
  }

  @Test
  void infiniNull_meansDisabled() {
    assertFalse(parse("\"infini\": null").infini().enabled());
  }

  @Test
  void negativeChunkSizeOverride_fails() {
    String m = failure("\"chunk_size_override\": -16");
    assertEquals("model config c.json: chunk_size_override must be positive, or 0 for the trained"
        + " chunk_size: chunk_size_override=-16", m);
  }

  @Test
  void everySection_roundTripsThroughToJson() {
    MegalodonConfig c = parse("\"rope_base\": 20000, \"chunk_size_override\": 48,"
        + " \"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 3.0, \"beta_fast\": 16, \"rope_theta\": 20000},"
        + " \"infini\": {\"enabled\": true, \"update\": \"delta\", \"gate_init\": 0.25}");
    MegalodonConfig back = MegalodonConfig.fromJson(c.toJson(), "round trip");
    assertEquals(c, back);
    assertTrue(c.toJson().contains("\"rope_scaling\""), c.toJson());
  }

  @Test
  void defaultSections_areNotWritten() {
    String json = MegalodonConfig.builder().vocabSize(10).build().toJson();
    assertFalse(json.contains("rope_scaling") || json.contains("infini") || json.contains("override"), json);
  }

  @Test
  void ropeFrequencies_useTrainedChunkAsContextAndAttentionChunkAsLength() {
    MegalodonConfig c = parse("\"chunk_size_override\": 64,"
        + " \"rope_scaling\": {\"rope_type\": \"dynamic\", \"factor\": 2.0}");
    RopeFrequencies expected = new RopeScaling.DynamicNtk(2.0, OptionalInt.empty())
        .compute(16, 10000.0, 16, OptionalInt.of(64));
    assertEquals(expected, c.ropeFrequencies());
    // 64 > 16, so dynamic NTK raised the base: the last pair turns slower than plain RoPE's.
    double plain = Math.pow(10000.0, -14.0 / 16);
    assertTrue(c.ropeFrequencies().invFreq(7) < plain, "dynamic NTK lowers the slowest frequency");
    assertArrayEquals(new double[] {1.0}, new double[] {c.ropeFrequencies().invFreq(0)}, 0.0);
  }
}
