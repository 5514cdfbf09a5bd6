package io.megaspark.jobs.run;

import java.io.Serializable;

/**
 * Which model a job runs, as a small serializable value: executors load the model from it (once per JVM,
 * {@link SharedModels}); the model itself never travels in a closure.
 */
public sealed interface ModelRef extends Serializable
    permits ModelRef.TensorFlow, ModelRef.Reference, ModelRef.Custom {

  /**
   * A model directory (config.json + model.safetensors) run through TensorFlow: the fast path, with the
   * job's inference settings laid over its config.
   */
  record TensorFlow(String directory, ModelOverrides overrides) implements ModelRef {
    public TensorFlow {
      requireText("model directory", directory);
      java.util.Objects.requireNonNull(overrides, "overrides");
    }

    public TensorFlow(String directory) {
      this(directory, ModelOverrides.NONE);
    }
  }

  /**
   * A model directory run through the float64 reference implementation: slow and exact, the oracle the
   * TensorFlow path is tested against.
   */
  record Reference(String directory, ModelOverrides overrides) implements ModelRef {
    public Reference {
      requireText("model directory", directory);
      java.util.Objects.requireNonNull(overrides, "overrides");
    }

    public Reference(String directory) {
      this(directory, ModelOverrides.NONE);
    }
  }

  /**
   * A model built by a {@link BlockModelFactory} class with one text argument (models made in code, for
   * example a seeded test model).
   */
  record Custom(String factoryClass, String argument) implements ModelRef {
    public Custom {
      requireText("factory class", factoryClass);
      if (argument == null) {
        throw new IllegalArgumentException("argument: must not be null (use \"\")");
      }
    }
  }

  /** A TensorFlow model in a directory. */
  static ModelRef directory(String dir) {
    return new TensorFlow(dir);
  }

  private static void requireText(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + ": must not be empty");
    }
  }
}
