package io.megaspark.udfs.document;

import java.io.Serializable;
import java.util.Objects;

/**
 * Which model to load, as the per-JVM cache keys it.
 *
 * @param directory the model directory as resolved on this JVM (absolute)
 * @param backend which implementation runs it
 * @param threads TensorFlow intra-op threads, 0 = TensorFlow's default (all cores); ignored by the
 *     reference backend
 */
public record ModelKey(String directory, Backend backend, int threads) implements Serializable {
  public ModelKey {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(backend, "backend");
    if (threads < 0) {
      throw new IllegalArgumentException("threads: got " + threads + ", must be >= 0 (0 = TensorFlow's default)");
    }
  }
}
