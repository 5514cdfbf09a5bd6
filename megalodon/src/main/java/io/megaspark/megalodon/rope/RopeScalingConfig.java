package io.megaspark.megalodon.rope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The RoPE settings a Hugging Face config holds: the scaling method and, when the section gives it,
 * {@code rope_theta}. External formats are mapped here, once (STYLE.md, Configuration).
 *
 * <p>Accepted input (what users paste): the object under {@code rope_scaling} (transformers v4) or
 * {@code rope_parameters} (v5), with {@code rope_type} or the older {@code type}, the method's keys, and
 * optionally {@code rope_theta}. Unknown keys and missing required keys fail with the list of valid keys.
 *
 * @param theta {@code rope_theta} when the section gives it; otherwise the model's own base applies
 * @param scaling the method
 */
public record RopeScalingConfig(OptionalDouble theta, RopeScaling scaling) {
  /** Hugging Face's and MEGALODON's default {@code rope_theta}. */
  public static final double DEFAULT_THETA = 10_000.0;

  /** No scaling, no explicit theta. */
  public static final RopeScalingConfig NONE =
      new RopeScalingConfig(OptionalDouble.empty(), new RopeScaling.Default());

  public RopeScalingConfig {
    Objects.requireNonNull(theta, "theta");
    Objects.requireNonNull(scaling, "scaling");
    if (theta.isPresent() && (!(theta.getAsDouble() > 1) || !Double.isFinite(theta.getAsDouble()))) {
      throw new IllegalArgumentException("rope_theta = " + theta.getAsDouble() + ": must be finite and > 1");
    }
  }

  /**
   * Parses one {@code rope_scaling} / {@code rope_parameters} object.
   *
   * @param section the object; null, JSON null or a missing node mean no scaling
   * @param where names the file and section for error messages, e.g. {@code "models/x/config.json rope_scaling"}
   * @throws IllegalArgumentException with a user-facing message naming {@code where} and the valid keys
   */
  public static RopeScalingConfig fromJson(JsonNode section, String where) {
    return RopeScalingParser.parse(section, where);
  }

  /** {@link #fromJson(JsonNode, String)} with {@code where = "rope_scaling"}. */
  public static RopeScalingConfig fromJson(JsonNode section) {
    return fromJson(section, "rope_scaling");
  }

  /**
   * Reads the RoPE settings from a whole Hugging Face-style config object: the {@code rope_parameters} or
   * {@code rope_scaling} section (not both), plus top-level {@code rope_theta}; for LongRoPE also a top-level
   * {@code original_max_position_embeddings} (Phi-3 keeps it there).
   *
   * @param root the config object
   * @param where names the file for error messages
   */
  public static RopeScalingConfig fromModelConfig(JsonNode root, String where) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(where + ": expected a JSON object (a model config)");
    }
    JsonNode v5 = RopeScalingParser.present(root, "rope_parameters");
    JsonNode v4 = RopeScalingParser.present(root, "rope_scaling");
    if (v5 != null && v4 != null) {
      throw RopeErrors.bothKeys(where, "rope_parameters", "rope_scaling");
    }
    String name = v5 != null ? "rope_parameters" : "rope_scaling";
    JsonNode section = v5 != null ? v5 : v4;
    if (section != null && !section.isObject()) {
      throw RopeErrors.notAnObject(where + " " + name, section);
    }
    ObjectNode merged = section == null ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) section).deepCopy();
    mergeTopLevel(root, merged, where);
    return fromJson(merged, where + " " + name);
  }

  private static void mergeTopLevel(JsonNode root, ObjectNode merged, String where) {
    JsonNode topTheta = RopeScalingParser.present(root, RopeScalingParser.THETA);
    JsonNode sectionTheta = RopeScalingParser.present(merged, RopeScalingParser.THETA);
    if (topTheta != null && sectionTheta != null && topTheta.asDouble() != sectionTheta.asDouble()) {
      throw RopeErrors.conflictingTheta(where, sectionTheta.asDouble(), topTheta.asDouble());
    }
    if (topTheta != null && sectionTheta == null) {
      merged.set(RopeScalingParser.THETA, topTheta);
    }
    String type = merged.path("rope_type").asText(merged.path("type").asText(""));
    JsonNode topOriginal = RopeScalingParser.present(root, RopeScalingParser.ORIGINAL);
    if (type.equals("longrope") && topOriginal != null
        && RopeScalingParser.present(merged, RopeScalingParser.ORIGINAL) == null) {
      merged.set(RopeScalingParser.ORIGINAL, topOriginal);
    }
  }

  /** The valid {@code rope_type} values. */
  public static List<String> ropeTypes() {
    return RopeScalingParser.validTypes();
  }

  /** The Hugging Face object form; {@code fromJson(toJson())} gives back an equal config. */
  public ObjectNode toJson() {
    return RopeScalingParser.write(this);
  }

  /** {@code rope_theta} if the section gave it, else {@code fallback} (the model's own base). */
  public double baseOr(double fallback) {
    return theta.orElse(fallback);
  }

  /** Frequencies with this config's theta, or {@code fallbackBase} when it has none. */
  public RopeFrequencies compute(int headDim, double fallbackBase, int maxPositionEmbeddings, OptionalInt seqLen) {
    return scaling.compute(headDim, baseOr(fallbackBase), maxPositionEmbeddings, seqLen);
  }
}
