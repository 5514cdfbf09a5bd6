package io.megaspark.megalodon.weights;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The contents of one safetensors file. Tensor bytes are memory-mapped views, valid after the file is
 * closed; nothing is copied until {@link TensorData#floats()} and friends are called.
 *
 * @param file where it was read from (for messages)
 * @param metadata the {@code __metadata__} string map, empty when absent
 * @param tensors by name, in file order
 */
public record SafeTensorsFile(Path file, Map<String, String> metadata, Map<String, TensorData> tensors) {
  public SafeTensorsFile {
    metadata = Map.copyOf(metadata);
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  public Set<String> names() {
    return tensors.keySet();
  }

  /** The tensor, or an error naming the file and the tensor. */
  public TensorData tensor(String name) {
    TensorData t = tensors.get(name);
    if (t == null) {
      throw WeightErrors.missingTensor(file, name, "not in the file");
    }
    return t;
  }
}
