package io.megaspark.megalodon.rope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.megaspark.megalodon.rope.RopeScaling.Default;
import io.megaspark.megalodon.rope.RopeScaling.DynamicNtk;
import io.megaspark.megalodon.rope.RopeScaling.Linear;
import io.megaspark.megalodon.rope.RopeScaling.Llama3;
import io.megaspark.megalodon.rope.RopeScaling.LongRope;
import io.megaspark.megalodon.rope.RopeScaling.Ntk;
import io.megaspark.megalodon.rope.RopeScaling.Yarn;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Hugging Face {@code rope_scaling} / {@code rope_parameters} objects in, records out, and back. */
class RopeScalingConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static RopeScalingConfig parse(String json) {
    try {
      return RopeScalingConfig.fromJson(JSON.readTree(json), "test.json rope_scaling");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String error(String json) {
    return assertThrows(IllegalArgumentException.class, () -> parse(json)).getMessage();
  }

  @Test
  void everyMethod_parsesFromHuggingFaceKeys() {
    assertEquals(new Linear(4), parse("{\"rope_type\":\"linear\",\"factor\":4}").scaling());
    assertEquals(new Ntk(2), parse("{\"rope_type\":\"ntk\",\"alpha\":2.0}").scaling());
    assertEquals(new DynamicNtk(2), parse("{\"type\":\"dynamic\",\"factor\":2.0}").scaling());
    assertEquals(Yarn.of(4, 4096),
        parse("{\"rope_type\":\"yarn\",\"factor\":4.0,\"original_max_position_embeddings\":4096}").scaling());
    assertEquals(new Llama3(8, 1, 4, 8192), parse("{\"rope_type\":\"llama3\",\"factor\":8.0,\"low_freq_factor\""
        + ":1.0,\"high_freq_factor\":4.0,\"original_max_position_embeddings\":8192}").scaling());
    assertEquals(new LongRope(new double[] {1, 2}, new double[] {3, 4}, OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalInt.of(4096)), parse("{\"rope_type\":\"longrope\",\"short_factor\":[1,2],"
        + "\"long_factor\":[3,4],\"original_max_position_embeddings\":4096}").scaling());
    assertEquals(new Default(), parse("{\"rope_type\":\"default\",\"rope_theta\":500000.0}").scaling());
  }

  @Test
  void ropeTheta_isReadWhenPresent() {
    assertEquals(OptionalDouble.of(500_000), parse("{\"rope_type\":\"default\",\"rope_theta\":500000}").theta());
    assertEquals(OptionalDouble.empty(), parse("{\"rope_type\":\"linear\",\"factor\":2}").theta());
    assertEquals(10_000.0, parse("{\"rope_type\":\"linear\",\"factor\":2}").baseOr(10_000), 0.0);
  }

  @Test
  void absentOrNullSection_meansNoScaling() {
    assertEquals(RopeScalingConfig.NONE, RopeScalingConfig.fromJson(null, "x"));
    assertEquals(RopeScalingConfig.NONE, parse("null"));
    assertEquals(RopeScalingConfig.NONE, parse("{}"));
  }

  @Test
  void jsonNullOptionalValues_countAsAbsent() {
    Yarn yarn = (Yarn) parse("{\"rope_type\":\"yarn\",\"factor\":8.0,\"attention_factor\":null,"
        + "\"beta_fast\":null}").scaling();
    assertEquals(Yarn.of(8), yarn);
  }

  @Test
  void yarnOptionalKeys_areAllRead() {
    Yarn yarn = (Yarn) parse("{\"rope_type\":\"yarn\",\"factor\":40,\"beta_fast\":16,\"beta_slow\":2,"
        + "\"mscale\":0.707,\"mscale_all_dim\":1.0,\"truncate\":false,\"attention_factor\":1.1,"
        + "\"original_max_position_embeddings\":4096}").scaling();
    assertEquals(new Yarn(OptionalDouble.of(40), 16, 2, OptionalDouble.of(1.1), OptionalDouble.of(0.707),
        OptionalDouble.of(1.0), false, OptionalInt.of(4096)), yarn);
  }

  @Test
  void ntkFactorSpelling_isAcceptedForAlpha() {
    assertEquals(new Ntk(3), parse("{\"rope_type\":\"ntk\",\"factor\":3}").scaling());
    assertEquals("test.json rope_scaling: both 'alpha' and 'factor' are given; they mean the same thing here."
        + " Keep one", error("{\"rope_type\":\"ntk\",\"factor\":3,\"alpha\":3}"));
  }

  @Test
  void unknownKey_failsListingValidKeys() {
    assertEquals("test.json rope_scaling: unknown key 'alpha' for rope_type 'linear'; valid keys: rope_type"
        + " (or type), rope_theta, factor. Remove the key or fix its spelling",
        error("{\"rope_type\":\"linear\",\"factor\":2,\"alpha\":2}"));
  }

  @Test
  void missingRequiredKey_failsListingValidKeys() {
    assertEquals("test.json rope_scaling: rope_type 'llama3' requires key 'low_freq_factor'; valid keys:"
        + " rope_type (or type), rope_theta, factor, low_freq_factor, high_freq_factor,"
        + " original_max_position_embeddings",
        error("{\"rope_type\":\"llama3\",\"factor\":8,\"high_freq_factor\":4,"
            + "\"original_max_position_embeddings\":8192}"));
    assertEquals("test.json rope_scaling: rope_type 'dynamic' requires key 'factor'; valid keys: rope_type"
        + " (or type), rope_theta, factor, original_max_position_embeddings",
        error("{\"rope_type\":\"dynamic\",\"factor\":null}"));
  }

  @Test
  void unknownType_failsListingValidTypes() {
    assertEquals("test.json rope_scaling: unknown rope_type 'su'; valid types: default, linear, ntk, dynamic,"
        + " yarn, llama3, longrope", error("{\"rope_type\":\"su\"}"));
  }

  @Test
  void missingType_withParameters_fails() {
    assertEquals("test.json rope_scaling: no 'rope_type' (or the older 'type') although scaling parameters"
        + " are given; the method cannot be guessed. Add \"rope_type\": one of default, linear, ntk, dynamic,"
        + " yarn, llama3, longrope", error("{\"factor\":2.0}"));
  }

  @Test
  void conflictingTypeSpellings_fail() {
    assertEquals("test.json rope_scaling: 'rope_type' is 'linear' but 'type' is 'dynamic'; they are two"
        + " spellings of the same key. Keep one", error("{\"rope_type\":\"linear\",\"type\":\"dynamic\","
        + "\"factor\":2}"));
  }

  @Test
  void wrongValueType_failsNamingKey() {
    assertEquals("test.json rope_scaling: key 'factor' must be a number, got \"4\"",
        error("{\"rope_type\":\"linear\",\"factor\":\"4\"}"));
    assertEquals("test.json rope_scaling: key 'original_max_position_embeddings' must be a whole number,"
        + " got 4096.5", error("{\"rope_type\":\"yarn\",\"factor\":2,\"original_max_position_embeddings\":4096.5}"));
  }

  @Test
  void invalidValue_failsWithRuleAndWhere() {
    assertEquals("test.json rope_scaling: invalid rope_type 'linear' parameters: factor = 0.5: must be finite"
        + " and >= 1 (1 means no scaling)", error("{\"rope_type\":\"linear\",\"factor\":0.5}"));
    assertEquals("test.json rope_scaling: invalid rope_type 'yarn' parameters: factor: required unless"
        + " original_max_position_embeddings is given (then factor = max_position_embeddings /"
        + " original_max_position_embeddings)", error("{\"rope_type\":\"yarn\"}"));
  }

  @Test
  void notAnObject_fails() {
    assertEquals("test.json rope_scaling: expected a JSON object like {\"rope_type\": \"yarn\", \"factor\": 4.0,"
        + " \"original_max_position_embeddings\": 4096}, got array [1,2]", error("[1,2]"));
  }

  @Test
  void toJson_roundTrips() throws Exception {
    List<String> inputs = List.of(
        "{\"rope_type\":\"default\"}",
        "{\"rope_type\":\"linear\",\"factor\":4,\"rope_theta\":500000}",
        "{\"rope_type\":\"ntk\",\"alpha\":2}",
        "{\"rope_type\":\"dynamic\",\"factor\":2,\"original_max_position_embeddings\":2048}",
        "{\"rope_type\":\"yarn\",\"factor\":40,\"mscale\":0.707,\"mscale_all_dim\":1.0,\"truncate\":false}",
        "{\"rope_type\":\"llama3\",\"factor\":8,\"low_freq_factor\":1,\"high_freq_factor\":4,"
            + "\"original_max_position_embeddings\":8192}",
        "{\"rope_type\":\"longrope\",\"short_factor\":[1,2],\"long_factor\":[3,4],\"attention_factor\":1.2}");
    for (String input : inputs) {
      RopeScalingConfig config = parse(input);
      assertEquals(config, RopeScalingConfig.fromJson(config.toJson(), "round trip"), input);
    }
  }

  @Test
  void fromModelConfig_readsV4AndV5SectionsAndTopLevelTheta() throws Exception {
    JsonNode v4 = JSON.readTree("{\"rope_theta\":500000.0,\"rope_scaling\":{\"type\":\"linear\",\"factor\":2}}");
    JsonNode v5 = JSON.readTree("{\"rope_parameters\":{\"rope_type\":\"linear\",\"factor\":2,"
        + "\"rope_theta\":500000.0}}");
    RopeScalingConfig expected = new RopeScalingConfig(OptionalDouble.of(500_000), new Linear(2));
    assertEquals(expected, RopeScalingConfig.fromModelConfig(v4, "config.json"));
    assertEquals(expected, RopeScalingConfig.fromModelConfig(v5, "config.json"));
    assertEquals(new RopeScalingConfig(OptionalDouble.of(500_000), new Default()),
        RopeScalingConfig.fromModelConfig(JSON.readTree("{\"rope_theta\":500000}"), "config.json"));
  }

  @Test
  void fromModelConfig_phi3TopLevelOriginalLength_reachesLongRope() throws Exception {
    JsonNode phi3 = JSON.readTree("{\"max_position_embeddings\":131072,\"original_max_position_embeddings\":4096,"
        + "\"rope_scaling\":{\"type\":\"longrope\",\"short_factor\":[1,1],\"long_factor\":[2,2]}}");
    LongRope longRope = (LongRope) RopeScalingConfig.fromModelConfig(phi3, "config.json").scaling();
    assertEquals(OptionalInt.of(4096), longRope.originalMaxPositionEmbeddings());
  }

  @Test
  void fromModelConfig_bothSections_fail() throws Exception {
    JsonNode both = JSON.readTree("{\"rope_scaling\":{\"rope_type\":\"default\"},"
        + "\"rope_parameters\":{\"rope_type\":\"default\"}}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RopeScalingConfig.fromModelConfig(both, "config.json"));
    assertEquals("config.json: both 'rope_parameters' and 'rope_scaling' are given; they mean the same thing"
        + " here. Keep one", e.getMessage());
  }
}
