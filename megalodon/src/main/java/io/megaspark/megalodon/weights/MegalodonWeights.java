package io.megaspark.megalodon.weights;

import io.megaspark.megalodon.config.MegalodonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The float32 parameters of one MEGALODON model under the official state-dict names (MODEL.md 1.6),
 * checked against its config. With {@code share_emb} the head name {@code output.output.weight} is always
 * present and holds the embedding, whether or not the file stored it.
 */
public final class MegalodonWeights {
  /** The weights file inside a model directory. */
  public static final String FILE_NAME = "model.safetensors";
  private static final Path IN_MEMORY = Path.of("<in-memory weights>");

  private final MegalodonConfig config;
  private final Map<String, float[]> values;
  private final Map<String, long[]> shapes;

  private MegalodonWeights(
      MegalodonConfig config, Map<String, float[]> values, Map<String, long[]> shapes) {
    this.config = config;
    this.values = values;
    this.shapes = shapes;
  }

  /** Reads {@code model.safetensors} of a model directory, or the given file, and checks it. */
  public static MegalodonWeights load(Path modelDirOrFile, MegalodonConfig cfg) {
    Path file = Files.isDirectory(modelDirOrFile) ? modelDirOrFile.resolve(FILE_NAME) : modelDirOrFile;
    if (!Files.isRegularFile(file)) {
      throw WeightErrors.notFound(file);
    }
    SafeTensorsFile st = SafeTensors.read(file);
    Map<String, long[]> shapes = new LinkedHashMap<>();
    st.tensors().forEach((name, t) -> shapes.put(name, t.shape()));
    WeightChecks.checkNamesAndShapes(file, cfg, shapes);
    Map<String, float[]> values = new LinkedHashMap<>();
    for (TensorData t : st.tensors().values()) {
      values.put(t.name(), t.dtype().isFloating() ? t.floats() : toFloats(t.longs()));
    }
    return build(file, cfg, values, shapes);
  }

  /** Wraps in-memory tensors (shapes from the layout); the map's arrays are copied. */
  public static MegalodonWeights of(MegalodonConfig cfg, Map<String, float[]> tensors) {
    Map<String, long[]> layout = new LinkedHashMap<>(WeightLayout.optional(cfg));
    layout.putAll(WeightLayout.required(cfg));
    Map<String, long[]> shapes = new LinkedHashMap<>();
    Map<String, float[]> values = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : tensors.entrySet()) {
      long[] expected = layout.get(e.getKey());
      long[] shape = expected != null && TensorData.numel(expected) == e.getValue().length
          ? expected : new long[] {e.getValue().length};
      shapes.put(e.getKey(), shape);
      values.put(e.getKey(), e.getValue().clone());
    }
    WeightChecks.checkNamesAndShapes(IN_MEMORY, cfg, shapes);
    return build(IN_MEMORY, cfg, values, shapes);
  }

  /** Fresh weights for training and tests, initialised as MODEL.md 1.1-1.2 describe. */
  public static MegalodonWeights initialize(MegalodonConfig cfg, long seed) {
    return of(cfg, WeightInit.initialize(cfg, seed));
  }

  private static MegalodonWeights build(
      Path where, MegalodonConfig cfg, Map<String, float[]> values, Map<String, long[]> shapes) {
    WeightChecks.checkValues(where, cfg, values);
    if (cfg.shareEmb() && !values.containsKey(WeightLayout.HEAD)) {
      values.put(WeightLayout.HEAD, values.get(WeightLayout.EMBED));
      shapes.put(WeightLayout.HEAD, shapes.get(WeightLayout.EMBED));
    }
    return new MegalodonWeights(cfg, Collections.unmodifiableMap(values),
        Collections.unmodifiableMap(shapes));
  }

  private static float[] toFloats(long[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  public MegalodonConfig config() {
    return config;
  }

  /**
   * The same tensors under another config of the same shapes, for running a checkpoint with other inference
   * settings (an attention chunk, RoPE scaling, Infini memory); the names and shapes are checked again.
   */
  public MegalodonWeights withConfig(MegalodonConfig other) {
    Map<String, long[]> shapesCopy = new LinkedHashMap<>(shapes);
    if (other.shareEmb() != config.shareEmb()) {
      throw new IllegalArgumentException("withConfig cannot change share_emb (" + config.shareEmb() + " -> "
          + other.shareEmb() + ")");
    }
    WeightChecks.checkNamesAndShapes(IN_MEMORY, other, shapesCopy);
    WeightChecks.checkValues(IN_MEMORY, other, values);
    return new MegalodonWeights(other, values, Collections.unmodifiableMap(shapesCopy));
  }

  /**
   * Layer {@code layer}'s Infini-attention gate logits beta, [H] ({@code layers.{i}.mega.infini_beta}): the
   * stored tensor, or {@code infini.gate_init} for every head when the checkpoint has none (a model trained
   * without memory; its gates are then untrained).
   */
  public float[] infiniBeta(int layer) {
    String name = WeightLayout.layer(layer, WeightLayout.INFINI_BETA);
    if (has(name)) {
      return get(name);
    }
    float[] beta = new float[config.numHeads()];
    java.util.Arrays.fill(beta, (float) config.infini().gateInit());
    return beta;
  }

  /** A copy of the named tensor's values, row-major. */
  public float[] get(String name) {
    return require(name).clone();
  }

  /** The named tensor's shape. */
  public long[] shape(String name) {
    require(name);
    return shapes.get(name).clone();
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** All tensor names, in state-dict order. */
  public Set<String> names() {
    return values.keySet();
  }

  /** Writes every tensor as float32 safetensors (the official names; readable by {@link #load}). */
  public void save(Path file) {
    List<TensorData> out = new ArrayList<>();
    for (Map.Entry<String, float[]> e : values.entrySet()) {
      out.add(TensorData.ofFloats(e.getKey(), shapes.get(e.getKey()), e.getValue()));
    }
    SafeTensors.write(file, Map.of("format", "pt", "writer", "megaspark"), out);
  }

  private float[] require(String name) {
    float[] v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no tensor '" + name + "' in these weights; names: "
          + "see names() (for example " + WeightLayout.EMBED + ")");
    }
    return v;
  }
}
