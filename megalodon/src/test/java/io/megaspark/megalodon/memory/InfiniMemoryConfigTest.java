package io.megaspark.megalodon.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The {@code infini} config section. */
class InfiniMemoryConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static InfiniMemoryConfig parse(String json) {
    try {
      return InfiniMemoryConfig.fromJson(JSON.readTree(json), "config.json infini");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String error(String json) {
    return assertThrows(IllegalArgumentException.class, () -> parse(json)).getMessage();
  }

  @Test
  void section_parsesEnabledUpdateAndGate() {
    assertEquals(new InfiniMemoryConfig(true, UpdateRule.LINEAR, 0.0),
        parse("{\"enabled\":true,\"update\":\"linear\"}"));
    assertEquals(new InfiniMemoryConfig(true, UpdateRule.DELTA, -2.0),
        parse("{\"enabled\":true,\"update\":\"delta\",\"gate_init\":-2}"));
    assertEquals(new InfiniMemoryConfig(false, UpdateRule.LINEAR, 0.0), parse("{\"enabled\":false}"));
  }

  @Test
  void absentSection_isDisabled() {
    assertEquals(InfiniMemoryConfig.DISABLED, InfiniMemoryConfig.fromJson(null, "x"));
    assertEquals(InfiniMemoryConfig.DISABLED, parse("null"));
  }

  @Test
  void unknownKey_failsListingValidKeys() {
    assertEquals("config.json infini: unknown key 'segment'; valid keys: enabled, update, gate_init. Remove the key"
        + " or fix its spelling", error("{\"enabled\":true,\"segment\":2048}"));
  }

  @Test
  void unknownUpdateRule_failsListingValidRules() {
    assertEquals("config.json infini: unknown update rule 'Delta'; valid: linear, delta (MODEL.md §4)",
        error("{\"enabled\":true,\"update\":\"Delta\"}"));
  }

  @Test
  void missingEnabled_fails() {
    assertEquals("config.json infini: the infini section needs \"enabled\": true or false, so that a section left"
        + " in a config never switches the memory on or off silently; e.g. {\"enabled\": true, \"update\":"
        + " \"linear\"}", error("{\"update\":\"delta\"}"));
  }

  @Test
  void wrongTypes_fail() {
    assertEquals("config.json infini: key 'enabled' must be true or false, got \"yes\"",
        error("{\"enabled\":\"yes\"}"));
    assertEquals("config.json infini: key 'gate_init' must be a finite number, got \"0\"",
        error("{\"enabled\":true,\"gate_init\":\"0\"}"));
  }

  @Test
  void toJson_roundTrips() {
    InfiniMemoryConfig config = new InfiniMemoryConfig(true, UpdateRule.DELTA, 0.25);
    assertEquals(config, InfiniMemoryConfig.fromJson(config.toJson(), "round trip"));
  }
}
