package io.megaspark.megalodon.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Settings of Infini-attention's compressive memory (MODEL.md §4), from the {@code infini} section of a model
 * config: {@code {"enabled": true, "update": "linear" | "delta", "gate_init": 0.0}}.
 *
 * <p>The segment is the attention chunk (C tokens): memory is read before and written after each chunk.
 *
 * @param enabled whether attention layers add the memory path
 * @param update the write rule
 * @param gateInit initial value of each head's gate logit beta for freshly initialised weights; 0 gives
 *     {@code sigmoid(0) = 0.5}, as in Beomi/InfiniTransformer. Loaded weights carry their own beta.
 */
public record InfiniMemoryConfig(boolean enabled, UpdateRule update, double gateInit) {
  /** The memory switched off: what a config without an {@code infini} section means. */
  public static final InfiniMemoryConfig DISABLED = new InfiniMemoryConfig(false, UpdateRule.LINEAR, 0.0);

  private static final List<String> KEYS = List.of("enabled", "update", "gate_init");

  public InfiniMemoryConfig {
    Objects.requireNonNull(update, "update");
    if (!Double.isFinite(gateInit)) {
      throw new IllegalArgumentException("gate_init = " + gateInit + ": must be finite");
    }
  }

  /** Numbers carried per layer and head: M [Dz][Dv] and z [Dz], i.e. {@code Dz * (Dv + 1)}. */
  public static long stateNumbersPerHead(int keyDim, int valueDim) {
    return (long) keyDim * (valueDim + 1);
  }

  /**
   * Parses an {@code infini} section.
   *
   * @param section the object; null, JSON null or a missing node mean {@link #DISABLED}
   * @param where names the file and section for error messages
   * @throws IllegalArgumentException with a user-facing message listing the valid keys or values
   */
  public static InfiniMemoryConfig fromJson(JsonNode section, String where) {
    if (section == null || section.isNull() || section.isMissingNode()) {
      return DISABLED;
    }
    if (!section.isObject()) {
      throw InfiniMemoryErrors.notAnObject(where, section);
    }
    for (Iterator<String> it = section.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw InfiniMemoryErrors.unknownKey(where, key, KEYS);
      }
    }
    JsonNode enabled = section.get("enabled");
    if (enabled == null || enabled.isNull()) {
      throw InfiniMemoryErrors.missingEnabled(where);
    }
    if (!enabled.isBoolean()) {
      throw InfiniMemoryErrors.wrongType(where, "enabled", "true or false", enabled);
    }
    return new InfiniMemoryConfig(enabled.asBoolean(), update(section.get("update"), where),
        gateInit(section.get("gate_init"), where));
  }

  private static UpdateRule update(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return UpdateRule.LINEAR;
    }
    if (!node.isTextual()) {
      throw InfiniMemoryErrors.wrongType(where, "update", "\"linear\" or \"delta\"", node);
    }
    for (UpdateRule rule : UpdateRule.values()) {
      if (rule.jsonName().equals(node.asText())) {
        return rule;
      }
    }
    throw InfiniMemoryErrors.unknownUpdate(where, node.asText(),
        Arrays.stream(UpdateRule.values()).map(UpdateRule::jsonName).toList());
  }

  private static double gateInit(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return 0.0;
    }
    if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
      throw InfiniMemoryErrors.wrongType(where, "gate_init", "a finite number", node);
    }
    return node.asDouble();
  }

  /** The section form; {@code fromJson(toJson())} gives back an equal config. */
  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("enabled", enabled);
    out.put("update", update.jsonName());
    out.put("gate_init", gateInit);
    return out;
  }
}
