package io.megaspark.megalodon.rope;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;

/**
 * User-facing errors of the RoPE configuration, in one place so their wording stays consistent. Each message
 * says what is wrong, why, what to do, and where ({@code where} names the file and section).
 */
final class RopeErrors {
  private RopeErrors() {}

  static final String EXAMPLE =
      "{\"rope_type\": \"yarn\", \"factor\": 4.0, \"original_max_position_embeddings\": 4096}";

  static IllegalArgumentException notAnObject(String where, JsonNode node) {
    return new ConfigFailure(where + ": expected a JSON object like " + EXAMPLE + ", got "
        + node.getNodeType().toString().toLowerCase() + " " + abbreviate(node));
  }

  static IllegalArgumentException missingType(String where, Collection<String> validTypes) {
    return new ConfigFailure(where + ": no 'rope_type' (or the older 'type') although scaling"
        + " parameters are given; the method cannot be guessed. Add \"rope_type\": one of "
        + String.join(", ", validTypes));
  }

  static IllegalArgumentException conflictingType(String where, String ropeType, String type) {
    return new ConfigFailure(where + ": 'rope_type' is '" + ropeType + "' but 'type' is '" + type
        + "'; they are two spellings of the same key. Keep one");
  }

  static IllegalArgumentException unknownType(String where, String type, Collection<String> validTypes) {
    return new ConfigFailure(where + ": unknown rope_type '" + type + "'; valid types: "
        + String.join(", ", validTypes));
  }

  static IllegalArgumentException unknownKey(String where, String type, String key, Collection<String> valid) {
    return new ConfigFailure(where + ": unknown key '" + key + "' for rope_type '" + type
        + "'; valid keys: " + String.join(", ", valid) + ". Remove the key or fix its spelling");
  }

  static IllegalArgumentException missingKey(String where, String type, String key, Collection<String> valid) {
    return new ConfigFailure(where + ": rope_type '" + type + "' requires key '" + key
        + "'; valid keys: " + String.join(", ", valid));
  }

  static IllegalArgumentException wrongType(String where, String key, String expected, JsonNode actual) {
    return new ConfigFailure(where + ": key '" + key + "' must be " + expected + ", got "
        + abbreviate(actual));
  }

  static IllegalArgumentException bothKeys(String where, String first, String second) {
    return new ConfigFailure(where + ": both '" + first + "' and '" + second
        + "' are given; they mean the same thing here. Keep one");
  }

  static IllegalArgumentException invalid(String where, String type, String problem) {
    return new ConfigFailure(where + ": invalid rope_type '" + type + "' parameters: " + problem);
  }

  static IllegalArgumentException conflictingTheta(String where, double inSection, double topLevel) {
    return new ConfigFailure(where + ": rope_theta is " + inSection + " in the rope section but "
        + topLevel + " at the top level; keep one");
  }

  /** A message already in user-facing form; the parser passes it on instead of wrapping it again. */
  static final class ConfigFailure extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ConfigFailure(String message) {
      super(message);
    }
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
