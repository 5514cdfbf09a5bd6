package io.megaspark.megalodon.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code tokenizer} section of a model config. Megaspark's own shape is a plain string
 * ({@code "tokenizer": "bytes"}) or an object with a {@code name}; the official MEGALODON shape is an object
 * with {@code path}, {@code additional_vocab_size} and {@code data_tokenized} (its TokenizerConf), which are
 * accepted and not used: Megaspark only ships the tokenizers named in {@link MegalodonConfig#TOKENIZERS}.
 */
final class TokenizerSection {
  static final String KEY = "tokenizer";
  private static final List<String> OFFICIAL_KEYS =
      List.of("path", "additional_vocab_size", "data_tokenized");

  private TokenizerSection() {}

  /** Returns the tokenizer name, or null when the section does not name one (the default applies). */
  static String parse(JsonNode node, String source) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (!node.isObject()) {
      throw ConfigErrors.wrongType(
          source, KEY, "a tokenizer name (one of " + MegalodonConfig.TOKENIZERS + ") or an object",
          node.toString());
    }
    String name = null;
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().equals("name")) {
        name = ConfigValues.string(e.getValue(), source, KEY + ".name");
      } else if (!OFFICIAL_KEYS.contains(e.getKey())) {
        Set<String> valid = new TreeSet<>(OFFICIAL_KEYS);
        valid.add("name");
        throw ConfigErrors.unknownKey(source, "section '" + KEY + "'", e.getKey(), valid);
      }
    }
    return name;
  }
}
