package io.megaspark.megalodon.memory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;

/**
 * User-facing errors of the Infini memory configuration and of stored memory states, in one place so their
 * wording stays consistent: what is wrong, why, what to do, and where.
 */
final class InfiniMemoryErrors {
  private InfiniMemoryErrors() {}

  static final String EXAMPLE = "{\"enabled\": true, \"update\": \"linear\"}";

  static IllegalArgumentException notAnObject(String where, JsonNode node) {
    return new IllegalArgumentException(where + ": expected a JSON object like " + EXAMPLE + ", got "
        + node.getNodeType().toString().toLowerCase() + " " + node);
  }

  static IllegalArgumentException unknownKey(String where, String key, Collection<String> valid) {
    return new IllegalArgumentException(where + ": unknown key '" + key + "'; valid keys: "
        + String.join(", ", valid) + ". Remove the key or fix its spelling");
  }

  static IllegalArgumentException missingEnabled(String where) {
    return new IllegalArgumentException(where + ": the infini section needs \"enabled\": true or false,"
        + " so that a section left in a config never switches the memory on or off silently; e.g. " + EXAMPLE);
  }

  static IllegalArgumentException wrongType(String where, String key, String expected, JsonNode actual) {
    return new IllegalArgumentException(where + ": key '" + key + "' must be " + expected + ", got " + actual);
  }

  static IllegalArgumentException unknownUpdate(String where, String value, Collection<String> valid) {
    return new IllegalArgumentException(where + ": unknown update rule '" + value + "'; valid: "
        + String.join(", ", valid) + " (MODEL.md §4)");
  }

  static IllegalArgumentException corruptState(String where, String problem) {
    return new IllegalArgumentException("Infini memory state in " + where + " is unreadable: " + problem
        + ". The stored state is damaged or was written by another program; discard it and rerun from the start"
        + " of the document");
  }
}
