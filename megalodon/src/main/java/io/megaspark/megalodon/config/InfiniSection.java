package io.megaspark.megalodon.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.megaspark.megalodon.memory.InfiniMemoryConfig;

/**
 * The {@code infini} section of a model config: Infini-attention memory (MODEL.md 4,
 * docs/context-extension.md), {@code {"enabled": true, "update": "linear" | "delta", "gate_init": 0.0}},
 * parsed by {@link InfiniMemoryConfig#fromJson}. Absent or JSON null means disabled.
 */
final class InfiniSection {
  static final String KEY = "infini";

  private InfiniSection() {}

  static InfiniMemoryConfig parse(JsonNode node, String source) {
    try {
      return InfiniMemoryConfig.fromJson(node, KEY);
    } catch (IllegalArgumentException e) {
      throw ConfigErrors.invalid(source, e);
    }
  }
}
