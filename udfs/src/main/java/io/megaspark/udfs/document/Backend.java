package io.megaspark.udfs.document;

import java.util.Locale;

/** Which implementation runs the model's math (the jobs' {@code --backend}). */
public enum Backend {
  /** megalodon's TensorFlow model: the fast path. */
  TENSORFLOW,
  /** megalodon's float64 reference model: slow and exact, the oracle. */
  REFERENCE;

  /** The name as written in options, lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code tensorflow} or {@code reference} (any case); null if it is neither. */
  public static Backend parseOrNull(String value) {
    for (Backend b : values()) {
      if (b.label().equals(value.trim().toLowerCase(Locale.ROOT))) {
        return b;
      }
    }
    return null;
  }
}
