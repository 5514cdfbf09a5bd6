package io.megaspark.megalodon.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.megaspark.megalodon.rope.RopeScalingConfig;
import java.util.List;

/**
 * The RoPE scaling section of a model config, under Hugging Face's keys so that a user can paste it:
 * {@code rope_scaling} (transformers v4) or {@code rope_parameters} (v5), not both. The object is parsed by
 * {@link RopeScalingConfig#fromJson}; a {@code rope_theta} in it, or at the top level, names the same base
 * as the official {@code rope_base}, so the loader fails when two of them are given with different values.
 */
final class RopeSection {
  static final String V4 = "rope_scaling";
  static final String V5 = "rope_parameters";
  /** Hugging Face's top-level name of the base. */
  static final String THETA = "rope_theta";
  static final List<String> KEYS = List.of(V4, V5, THETA);

  private RopeSection() {}

  /** Parses the section stored under {@code key}; JSON null means no scaling. */
  static RopeScalingConfig parse(JsonNode node, String source, String key) {
    try {
      return RopeScalingConfig.fromJson(node, key);
    } catch (IllegalArgumentException e) {
      throw ConfigErrors.invalid(source, e);
    }
  }

  /** A top-level {@code rope_theta}; JSON null counts as absent. */
  static Double theta(JsonNode node, String source) {
    return node.isNull() ? null : ConfigValues.number(node, source, THETA);
  }

  /**
   * The base the config means, or null to keep {@code rope_base} (or its default): every given spelling
   * ({@code rope_base}, the section's {@code rope_theta}, a top-level {@code rope_theta}) must agree.
   *
   * @param ropeBase the {@code rope_base} value, or null when absent or JSON null
   */
  static Double reconcile(String source, Double ropeBase, RopeScalingConfig section, String sectionKey,
      Double topLevelTheta) {
    Double sectionTheta = section.theta().isPresent() ? section.theta().getAsDouble() : null;
    String[] names = {"rope_base", sectionKey + ".rope_theta", THETA};
    Double[] values = {ropeBase, sectionTheta, topLevelTheta};
    Double agreed = null;
    String agreedName = null;
    for (int i = 0; i < names.length; i++) {
      if (values[i] == null) {
        continue;
      }
      if (agreed != null && agreed.doubleValue() != values[i].doubleValue()) {
        throw ConfigErrors.conflict(source, agreedName + "=" + agreed + " and " + names[i] + "="
            + values[i] + " name the same RoPE base with different values; give one of them, or the"
            + " same value in both");
      }
      if (agreed == null) {
        agreed = values[i];
        agreedName = names[i];
      }
    }
    return agreed;
  }
}
