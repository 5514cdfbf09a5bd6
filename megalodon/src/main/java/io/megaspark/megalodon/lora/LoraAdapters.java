package io.megaspark.megalodon.lora;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.SafeTensors;
import io.megaspark.megalodon.weights.SafeTensorsFile;
import io.megaspark.megalodon.weights.TensorData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The LoRA adapters of one model: for every layer and target, A (rank × in) and B (out × rank), named
 * {@code layers.{i}.mega.{target}.lora_a} and {@code .lora_b}. Initialised as in the LoRA paper: A
 * uniform in ±1/√in (PEFT's Kaiming-uniform with a = √5), B zero, so a fresh adapter changes nothing.
 */
public final class LoraAdapters {
  private final MegalodonConfig model;
  private final LoraConfig config;
  private final Map<String, float[]> tensors;

  private LoraAdapters(MegalodonConfig model, LoraConfig config, Map<String, float[]> tensors) {
    this.model = model;
    this.config = config;
    this.tensors = tensors;
  }

  public static String aName(int layer, LoraTarget t) {
    return "layers." + layer + ".mega." + t.key() + ".lora_a";
  }

  public static String bName(int layer, LoraTarget t) {
    return "layers." + layer + ".mega." + t.key() + ".lora_b";
  }

  /** Every adapter tensor's name and shape, in a fixed order (layer, then target, then A before B). */
  public static Map<String, long[]> layout(MegalodonConfig c, LoraConfig lc) {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (int i = 0; i < c.numLayers(); i++) {
      for (LoraTarget t : EnumSet.copyOf(lc.targets())) {
        m.put(aName(i, t), new long[] {lc.rank(), t.inFeatures(c)});
        m.put(bName(i, t), new long[] {t.outFeatures(c), lc.rank()});
      }
    }
    return m;
  }

  /** Fresh adapters: A uniform in ±1/√in, B = 0. */
  public static LoraAdapters initialize(MegalodonConfig c, LoraConfig lc, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, float[]> m = new LinkedHashMap<>();
    layout(c, lc).forEach((name, shape) -> {
      float[] v = new float[Math.toIntExact(shape[0] * shape[1])];
      if (name.endsWith(".lora_a")) {
        double bound = 1 / Math.sqrt(shape[1]);
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
      }
      m.put(name, v);
    });
    return new LoraAdapters(c, lc, m);
  }

  /** Adapters from given values (copied); every tensor of {@link #layout} must be present with its size. */
  public static LoraAdapters of(MegalodonConfig c, LoraConfig lc, Map<String, float[]> values) {
    Map<String, float[]> m = new LinkedHashMap<>();
    layout(c, lc).forEach((name, shape) -> {
      float[] v = values.get(name);
      if (v == null || v.length != shape[0] * shape[1]) {
        throw new IllegalArgumentException("adapter tensor '" + name + "' must have " + shape[0] * shape[1]
            + " values, got " + (v == null ? "none" : v.length));
      }
      m.put(name, v.clone());
    });
    return new LoraAdapters(c, lc, m);
  }

  public LoraConfig config() {
    return config;
  }

  /** A copy of one adapter tensor. */
  public float[] get(String name) {
    float[] v = tensors.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no adapter tensor '" + name + "'; names: " + tensors.keySet());
    }
    return v.clone();
  }

  /** Copies of all adapter tensors, in layout order. */
  public Map<String, float[]> tensors() {
    Map<String, float[]> out = new LinkedHashMap<>();
    tensors.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  /**
   * The base weights with every adapted weight replaced by {@code W + (alpha/rank)·B·A} (summed in
   * float64, rounded once to float32). Other tensors are copied unchanged.
   */
  public Map<String, float[]> mergeInto(Map<String, float[]> base) {
    Map<String, float[]> out = new LinkedHashMap<>();
    base.forEach((k, v) -> out.put(k, v.clone()));
    int r = config.rank();
    for (int i = 0; i < model.numLayers(); i++) {
      for (LoraTarget t : config.targets()) {
        int outF = t.outFeatures(model);
        int inF = t.inFeatures(model);
        float[] w = out.get(t.weightName(i));
        if (w == null) {
          throw new IllegalArgumentException("base weights lack '" + t.weightName(i) + "' to merge into");
        }
        float[] a = tensors.get(aName(i, t));
        float[] b = tensors.get(bName(i, t));
        for (int o = 0; o < outF; o++) {
          for (int c = 0; c < inF; c++) {
            double delta = 0;
            for (int k = 0; k < r; k++) {
              delta += (double) b[o * r + k] * a[k * inF + c];
            }
            w[o * inF + c] = (float) (w[o * inF + c] + config.scale() * delta);
          }
        }
      }
    }
    return out;
  }

  /** Writes the adapters as float32 safetensors, with the LoRA settings in the metadata. */
  public void save(Path file) {
    List<TensorData> out = new ArrayList<>();
    Map<String, long[]> shapes = layout(model, config);
    tensors.forEach((k, v) -> out.add(TensorData.ofFloats(k, shapes.get(k), v)));
    List<String> keys = new ArrayList<>();
    EnumSet.copyOf(config.targets()).forEach(t -> keys.add(t.key()));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("lora_rank", String.valueOf(config.rank()));
    meta.put("lora_alpha", String.valueOf(config.alpha()));
    meta.put("lora_dropout", String.valueOf(config.dropout()));
    meta.put("lora_targets", String.join(",", keys));
    meta.put("writer", "megaspark");
    SafeTensors.write(file, meta, out);
  }

  /** Reads adapters written by {@link #save} for a model of config {@code c}. */
  public static LoraAdapters load(Path file, MegalodonConfig c) {
    SafeTensorsFile st = SafeTensors.read(file);
    Map<String, String> meta = st.metadata();
    List<LoraTarget> targets = new ArrayList<>();
    for (String key : setting(file, meta, "lora_targets").split(",")) {
      targets.add(LoraTarget.byKey(key.trim()));
    }
    LoraConfig lc = new LoraConfig(Integer.parseInt(setting(file, meta, "lora_rank")),
        Double.parseDouble(setting(file, meta, "lora_alpha")),
        Double.parseDouble(setting(file, meta, "lora_dropout")), EnumSet.copyOf(targets));
    Map<String, float[]> values = new LinkedHashMap<>();
    for (var e : layout(c, lc).entrySet()) {
      TensorData t = st.tensors().get(e.getKey());
      if (t == null) {
        throw LoraErrors.missingTensor(file, e.getKey());
      }
      if (!java.util.Arrays.equals(t.shape(), e.getValue())) {
        throw LoraErrors.wrongShape(file, e.getKey(), e.getValue(), t.shape());
      }
      values.put(e.getKey(), t.floats());
    }
    return of(c, lc, values);
  }

  private static String setting(Path file, Map<String, String> meta, String key) {
    String v = meta.get(key);
    if (v == null) {
      throw LoraErrors.missingSetting(file, key);
    }
    return v;
  }
}
