package io.megaspark.megalodon.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.megaspark.megalodon.rope.RopeScalingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps a config file onto {@link MegalodonConfig}, once, at the boundary (STYLE.md "Configuration").
 *
 * <p>Two shapes are read. The official one is {@code {"model": {ModelConf keys}, "tokenizer": {...}}}
 * (megalodon/reloading.py). Megaspark's own is one flat object with the same model keys beside its
 * sections. Each section is parsed by its own small class ({@link TokenizerSection}, {@link RopeSection},
 * {@link InfiniSection}); Megaspark's {@code chunk_size_override} sits beside them. A top-level key that is
 * neither a model key nor a known section is an error listing the valid ones.
 */
final class ConfigLoader {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final String OFFICIAL_MODEL = "model";
  /** Top-level sections besides the model keys. */
  private static final String CHUNK_OVERRIDE = "chunk_size_override";
  private static final List<String> SECTIONS = List.of(TokenizerSection.KEY, RopeSection.V4,
      RopeSection.V5, RopeSection.THETA, InfiniSection.KEY, CHUNK_OVERRIDE);

  private ConfigLoader() {}

  static MegalodonConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ConfigErrors.unreadable(file.toString(), e);
    }
    return parse(text, file.toString());
  }

  static MegalodonConfig parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw ConfigErrors.unreadable(source, e);
    }
    if (root == null || !root.isObject()) {
      throw ConfigErrors.notAnObject(source, "the top level");
    }
    MegalodonConfig.Builder b = MegalodonConfig.builder();
    boolean official = root.has(OFFICIAL_MODEL);
    RopeScalingConfig rope = RopeScalingConfig.NONE;
    String ropeKey = null;
    Double topLevelTheta = null;
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (official && key.equals(OFFICIAL_MODEL)) {
        readOfficialModel(b, value, source);
      } else if (!official && readModelKey(b, key, value, source)) {
        continue;
      } else if (key.equals(TokenizerSection.KEY)) {
        String name = TokenizerSection.parse(value, source);
        if (name != null) {
          b.tokenizer(name);
        }
      } else if (key.equals(RopeSection.V4) || key.equals(RopeSection.V5)) {
        if (ropeKey != null) {
          throw ConfigErrors.conflict(source, "both '" + ropeKey + "' and '" + key + "' are given;"
              + " they are the transformers v4 and v5 names of one section: keep one");
        }
        ropeKey = key;
        rope = RopeSection.parse(value, source, key);
      } else if (key.equals(RopeSection.THETA)) {
        topLevelTheta = RopeSection.theta(value, source);
      } else if (key.equals(InfiniSection.KEY)) {
        b.infini(InfiniSection.parse(value, source));
      } else if (key.equals(CHUNK_OVERRIDE)) {
        b.chunkSizeOverride(value.isNull() ? 0 : ConfigValues.integer(value, source, key));
      } else {
        throw ConfigErrors.unknownKey(source, "the top level", key, validTopLevel(official));
      }
    }
    Double base = RopeSection.reconcile(source, ropeBase(root, official, source), rope,
        ropeKey == null ? RopeSection.V4 : ropeKey, topLevelTheta);
    if (base != null) {
      b.ropeBase(base);
    }
    b.ropeScaling(rope);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw ConfigErrors.invalid(source, e);
    }
  }

  /** The explicitly given {@code rope_base}, or null when absent or JSON null (the official default). */
  private static Double ropeBase(JsonNode root, boolean official, String source) {
    JsonNode model = official ? root.get(OFFICIAL_MODEL) : root;
    JsonNode v = model == null ? null : model.get("rope_base");
    return v == null || v.isNull() ? null : ConfigValues.number(v, source, "rope_base");
  }

  private static void readOfficialModel(MegalodonConfig.Builder b, JsonNode model, String source) {
    if (!model.isObject()) {
      throw ConfigErrors.notAnObject(source, "section '" + OFFICIAL_MODEL + "'");
    }
    for (Map.Entry<String, JsonNode> e : model.properties()) {
      if (!readModelKey(b, e.getKey(), e.getValue(), source)) {
        throw ConfigErrors.unknownKey(
            source, "section '" + OFFICIAL_MODEL + "'", e.getKey(), modelKeys());
      }
    }
  }

  /** Reads one model key; false when the key is not a model key at all. */
  private static boolean readModelKey(
      MegalodonConfig.Builder b, String key, JsonNode value, String source) {
    ModelKeys.Reader reader = ModelKeys.INFERENCE.get(key);
    if (reader != null) {
      reader.read(b, value, source, key);
      return true;
    }
    return ModelKeys.TRAINING_ONLY.contains(key);
  }

  private static TreeSet<String> modelKeys() {
    TreeSet<String> keys = new TreeSet<>(ModelKeys.INFERENCE.keySet());
    keys.addAll(ModelKeys.TRAINING_ONLY);
    return keys;
  }

  private static List<String> validTopLevel(boolean official) {
    List<String> valid = new ArrayList<>();
    if (official) {
      valid.add(OFFICIAL_MODEL);
    } else {
      valid.addAll(modelKeys());
    }
    valid.addAll(SECTIONS);
    return valid;
  }
}
