package io.megaspark.megalodon.weights;

import io.megaspark.megalodon.config.MegalodonConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks a set of named tensors against the layout a config expects (MODEL.md 1.6). */
final class WeightChecks {
  /** Relative tolerance for a stored {@code rope.freqs} buffer against the config's base (float32). */
  private static final double ROPE_FREQS_REL_TOL = 1e-5;

  private WeightChecks() {}

  /** Every required tensor present with its shape, optional ones with theirs, nothing else. */
  static void checkNamesAndShapes(Path where, MegalodonConfig c, Map<String, long[]> actual) {
    Map<String, long[]> required = WeightLayout.required(c);
    Map<String, long[]> optional = WeightLayout.optional(c);
    for (Map.Entry<String, long[]> e : required.entrySet()) {
      long[] got = actual.get(e.getKey());
      if (got == null) {
        throw WeightErrors.missingTensor(where, e.getKey(),
            "expected shape " + Arrays.toString(e.getValue()));
      }
      checkShape(where, e.getKey(), e.getValue(), got);
    }
    Set<String> unexpected = new TreeSet<>();
    for (Map.Entry<String, long[]> e : actual.entrySet()) {
      String name = e.getKey();
      if (required.containsKey(name)) {
        continue;
      }
      long[] expected = optional.get(name);
      if (expected == null) {
        unexpected.add(name);
      } else if (WeightLayout.isPriorCount(name)) {
        if (TensorData.numel(e.getValue()) != 1) {
          throw WeightErrors.wrongShape(where, name, new long[0], e.getValue());
        }
      } else {
        checkShape(where, name, expected, e.getValue());
      }
    }
    if (!unexpected.isEmpty()) {
      throw WeightErrors.unexpectedTensors(where, unexpected);
    }
  }

  /** Buffers and tied weights must agree with the config: rope.freqs, prior_count, the shared head. */
  static void checkValues(Path where, MegalodonConfig c, Map<String, float[]> values) {
    float[] freqs = values.get(WeightLayout.ROPE_FREQS);
    if (freqs != null) {
      int dz = c.headDimZ();
      for (int i = 0; i < freqs.length; i++) {
        double expected = Math.pow(c.ropeBase(), -2.0 * i / dz);
        if (Math.abs(freqs[i] - expected) > ROPE_FREQS_REL_TOL * expected) {
          throw WeightErrors.inconsistent(where, WeightLayout.ROPE_FREQS, "holds " + freqs[i]
              + " at index " + i + " but rope_base=" + c.ropeBase() + " gives " + expected
              + " (set rope_base in config.json to the base the checkpoint was trained with)");
        }
      }
    }
    for (Map.Entry<String, float[]> e : values.entrySet()) {
      if (WeightLayout.isPriorCount(e.getKey()) && e.getValue()[0] != 0f) {
        throw WeightErrors.inconsistent(where, e.getKey(), "is " + e.getValue()[0]
            + ": a learned TimestepNorm prior (prior_count > 0, MODEL.md 1.3) is not supported;"
            + " the released configurations use 0");
      }
    }
    if (c.shareEmb() && values.containsKey(WeightLayout.HEAD)
        && !Arrays.equals(values.get(WeightLayout.HEAD), values.get(WeightLayout.EMBED))) {
      throw WeightErrors.inconsistent(where, WeightLayout.HEAD, "differs from "
          + WeightLayout.EMBED + " although share_emb=true ties them (check share_emb in config.json)");
    }
  }

  private static void checkShape(Path where, String name, long[] expected, long[] actual) {
    if (!Arrays.equals(expected, actual)) {
      throw WeightErrors.wrongShape(where, name, expected, actual);
    }
  }
}
