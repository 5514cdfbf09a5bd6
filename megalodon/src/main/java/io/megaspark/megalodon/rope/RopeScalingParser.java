package io.megaspark.megalodon.rope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.megaspark.megalodon.rope.RopeScaling.Default;
import io.megaspark.megalodon.rope.RopeScaling.DynamicNtk;
import io.megaspark.megalodon.rope.RopeScaling.Linear;
import io.megaspark.megalodon.rope.RopeScaling.Llama3;
import io.megaspark.megalodon.rope.RopeScaling.LongRope;
import io.megaspark.megalodon.rope.RopeScaling.Ntk;
import io.megaspark.megalodon.rope.RopeScaling.Yarn;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Maps a Hugging Face {@code rope_scaling} / {@code rope_parameters} object onto {@link RopeScaling} and back.
 * This is the only place that knows the Hugging Face key names. A JSON null counts as an absent key, as in
 * Hugging Face configs.
 */
final class RopeScalingParser {
  private RopeScalingParser() {}

  static final String THETA = "rope_theta";
  static final String ORIGINAL = "original_max_position_embeddings";

  /** Required and optional keys per rope_type, besides rope_type/type and rope_theta. */
  private record Keys(List<String> required, List<String> optional) {
    List<String> valid() {
      List<String> all = new ArrayList<>(List.of("rope_type (or type)", THETA));
      all.addAll(required);
      all.addAll(optional);
      return all;
    }

    boolean allows(String key) {
      return required.contains(key) || optional.contains(key);
    }
  }

  private static final Map<String, Keys> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put("default", new Keys(List.of(), List.of()));
    KEYS.put("linear", new Keys(List.of("factor"), List.of()));
    // "factor" is accepted for "alpha": forks that add "ntk" to Hugging Face name the same parameter so.
    KEYS.put("ntk", new Keys(List.of(), List.of("alpha", "factor")));
    KEYS.put("dynamic", new Keys(List.of("factor"), List.of(ORIGINAL)));
    KEYS.put("yarn", new Keys(List.of(), List.of("factor", "beta_fast", "beta_slow", "attention_factor",
        "mscale", "mscale_all_dim", "truncate", ORIGINAL)));
    KEYS.put("llama3", new Keys(
        List.of("factor", "low_freq_factor", "high_freq_factor", ORIGINAL), List.of()));
    KEYS.put("longrope", new Keys(
        List.of("short_factor", "long_factor"), List.of("factor", "attention_factor", ORIGINAL)));
  }

  static List<String> validTypes() {
    return List.copyOf(KEYS.keySet());
  }

  static RopeScalingConfig parse(JsonNode node, String where) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new RopeScalingConfig(OptionalDouble.empty(), new Default());
    }
    if (!node.isObject()) {
      throw RopeErrors.notAnObject(where, node);
    }
    String type = ropeType(node, where);
    Keys keys = KEYS.get(type);
    if (keys == null) {
      throw RopeErrors.unknownType(where, type, validTypes());
    }
    checkKeys(node, where, type, keys);
    Reader r = new Reader(node, where);
    OptionalDouble theta = r.optionalNumber(THETA);
    try {
      return new RopeScalingConfig(theta, build(type, r));
    } catch (RopeErrors.ConfigFailure e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw RopeErrors.invalid(where, type, e.getMessage());
    }
  }

  private static String ropeType(JsonNode node, String where) {
    JsonNode ropeType = present(node, "rope_type");
    JsonNode type = present(node, "type");
    for (JsonNode t : new JsonNode[] {ropeType, type}) {
      if (t != null && !t.isTextual()) {
        throw RopeErrors.wrongType(where, t == ropeType ? "rope_type" : "type", "a string", t);
      }
    }
    if (ropeType != null && type != null && !ropeType.asText().equals(type.asText())) {
      throw RopeErrors.conflictingType(where, ropeType.asText(), type.asText());
    }
    if (ropeType != null || type != null) {
      return (ropeType != null ? ropeType : type).asText();
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals(THETA) && present(node, key) != null) {
        throw RopeErrors.missingType(where, validTypes());
      }
    }
    return "default";
  }

  private static void checkKeys(JsonNode node, String where, String type, Keys keys) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      boolean common = key.equals("rope_type") || key.equals("type") || key.equals(THETA);
      if (!common && !keys.allows(key)) {
        throw RopeErrors.unknownKey(where, type, key, keys.valid());
      }
    }
    for (String key : keys.required()) {
      if (present(node, key) == null) {
        throw RopeErrors.missingKey(where, type, key, keys.valid());
      }
    }
  }

  private static RopeScaling build(String type, Reader r) {
    switch (type) {
      case "default":
        return new Default();
      case "linear":
        return new Linear(r.number("factor"));
      case "ntk":
        return new Ntk(r.alpha());
      case "dynamic":
        return new DynamicNtk(r.number("factor"), r.optionalInt(ORIGINAL));
      case "yarn":
        return new Yarn(r.optionalNumber("factor"),
            r.optionalNumber("beta_fast").orElse(Yarn.DEFAULT_BETA_FAST),
            r.optionalNumber("beta_slow").orElse(Yarn.DEFAULT_BETA_SLOW),
            r.optionalNumber("attention_factor"), r.optionalNumber("mscale"), r.optionalNumber("mscale_all_dim"),
            r.optionalBoolean("truncate", true), r.optionalInt(ORIGINAL));
      case "llama3":
        return new Llama3(r.number("factor"), r.number("low_freq_factor"), r.number("high_freq_factor"),
            r.integer(ORIGINAL));
      case "longrope":
        return new LongRope(r.numbers("short_factor"), r.numbers("long_factor"), r.optionalNumber("factor"),
            r.optionalNumber("attention_factor"), r.optionalInt(ORIGINAL));
      default:
        throw new IllegalStateException("no builder for rope_type " + type);
    }
  }

  /** The object form of a config: rope_type, the method's parameters, rope_theta when known. */
  static ObjectNode write(RopeScalingConfig config) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("rope_type", config.scaling().ropeType());
    for (Map.Entry<String, Object> e : config.scaling().hfParameters().entrySet()) {
      Object v = e.getValue();
      if (v instanceof Double d) {
        out.put(e.getKey(), d);
      } else if (v instanceof Integer i) {
        out.put(e.getKey(), i);
      } else if (v instanceof Boolean b) {
        out.put(e.getKey(), b);
      } else if (v instanceof double[] values) {
        ArrayNode array = out.putArray(e.getKey());
        for (double x : values) {
          array.add(x);
        }
      } else {
        throw new IllegalStateException("unexpected parameter type for " + e.getKey() + ": " + v);
      }
    }
    config.theta().ifPresent(t -> out.put(THETA, t));
    return out;
  }

  /** The node at {@code key}, or null when the key is absent or JSON null. */
  static JsonNode present(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  /** Typed reads with errors that name the key. */
  private record Reader(JsonNode node, String where) {
    double number(String key) {
      JsonNode v = present(node, key);
      if (v == null || !v.isNumber()) {
        throw RopeErrors.wrongType(where, key, "a number", v == null ? node.path(key) : v);
      }
      return v.asDouble();
    }

    OptionalDouble optionalNumber(String key) {
      return present(node, key) == null ? OptionalDouble.empty() : OptionalDouble.of(number(key));
    }

    int integer(String key) {
      JsonNode v = present(node, key);
      boolean integral = v != null && v.isNumber() && v.asDouble() == Math.rint(v.asDouble())
          && Math.abs(v.asDouble()) <= Integer.MAX_VALUE;
      if (!integral) {
        throw RopeErrors.wrongType(where, key, "a whole number", v == null ? node.path(key) : v);
      }
      return (int) v.asDouble();
    }

    OptionalInt optionalInt(String key) {
      return present(node, key) == null ? OptionalInt.empty() : OptionalInt.of(integer(key));
    }

    boolean optionalBoolean(String key, boolean fallback) {
      JsonNode v = present(node, key);
      if (v == null) {
        return fallback;
      }
      if (!v.isBoolean()) {
        throw RopeErrors.wrongType(where, key, "true or false", v);
      }
      return v.asBoolean();
    }

    double[] numbers(String key) {
      JsonNode v = present(node, key);
      if (v == null || !v.isArray()) {
        throw RopeErrors.wrongType(where, key, "a list of numbers", v == null ? node.path(key) : v);
      }
      double[] out = new double[v.size()];
      for (int i = 0; i < out.length; i++) {
        if (!v.get(i).isNumber()) {
          throw RopeErrors.wrongType(where, key + "[" + i + "]", "a number", v.get(i));
        }
        out[i] = v.get(i).asDouble();
      }
      return out;
    }

    double alpha() {
      boolean hasAlpha = present(node, "alpha") != null;
      boolean hasFactor = present(node, "factor") != null;
      if (hasAlpha && hasFactor) {
        throw RopeErrors.bothKeys(where, "alpha", "factor");
      }
      if (!hasAlpha && !hasFactor) {
        throw RopeErrors.missingKey(where, "ntk", "alpha", KEYS.get("ntk").valid());
      }
      return number(hasAlpha ? "alpha" : "factor");
    }
  }
}
