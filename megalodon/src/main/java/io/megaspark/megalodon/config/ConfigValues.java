package io.megaspark.megalodon.config;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed reads of single JSON values, each failing with the key and the offending value. */
final class ConfigValues {
  private ConfigValues() {}

  static int integer(JsonNode v, String source, String key) {
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return v.intValue();
    }
    if (v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue())
        && Math.abs(v.doubleValue()) <= Integer.MAX_VALUE) {
      return (int) v.doubleValue();
    }
    throw ConfigErrors.wrongType(source, key, "an integer", v.toString());
  }

  static double number(JsonNode v, String source, String key) {
    if (v.isNumber()) {
      return v.doubleValue();
    }
    throw ConfigErrors.wrongType(source, key, "a number", v.toString());
  }

  static boolean bool(JsonNode v, String source, String key) {
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    throw ConfigErrors.wrongType(source, key, "true or false", v.toString());
  }

  static String string(JsonNode v, String source, String key) {
    if (v.isTextual()) {
      return v.textValue();
    }
    throw ConfigErrors.wrongType(source, key, "a string", v.toString());
  }
}
