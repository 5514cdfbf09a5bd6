package io.megaspark.jobs.passkey;

import java.io.Serializable;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One passkey trial: the target prompt length in tokens, the depth of the key in percent, the trial number
 * and the key, a 5-digit number drawn from the seed and the other three, so the same seed gives the same key
 * to every run (with and without carried state, at every chunk size).
 *
 * @param length target tokens of the prompt stream (BOS + text, before the answer)
 * @param depth 0..100: the share of the filler placed before the key sentence
 * @param trial 0-based trial number
 * @param key 10000..99999
 */
public record PasskeyPrompt(int length, int depth, int trial, int key) implements Serializable {
  public PasskeyPrompt {
    if (length < 1) {
      throw new IllegalArgumentException("length: got " + length + ", must be at least 1");
    }
    if (depth < 0 || depth > 100) {
      throw new IllegalArgumentException("depth: got " + depth + ", must be a percentage in 0..100");
    }
    if (trial < 0) {
      throw new IllegalArgumentException("trial: got " + trial + ", must be >= 0");
    }
    if (key < 10000 || key > 99999) {
      throw new IllegalArgumentException("key: got " + key + ", must have 5 digits");
    }
  }

  /** The trial with its key drawn from {@code seed}. */
  public static PasskeyPrompt of(int length, int depth, int trial, long seed) {
    long mixed = seed ^ (length * 0x9E3779B97F4A7C15L) ^ (depth * 0xC2B2AE3D27D4EB4FL)
        ^ ((trial + 1L) * 0x165667B19E3779F9L);
    return new PasskeyPrompt(length, depth, trial, new SplittableRandom(mixed).nextInt(10000, 100000));
  }

  /** The document id: {@code passkey-L0004096-D050-T02}, sorting by length, depth and trial. */
  public String id() {
    return String.format(Locale.ROOT, "passkey-L%07d-D%03d-T%02d", length, depth, trial);
  }

  /** Length, depth and trial from an {@link #id()}; the key again from the seed. */
  public static PasskeyPrompt fromId(String id, long seed) {
    String[] p = id.split("-");
    if (p.length != 4 || !p[0].equals("passkey")) {
      throw new IllegalArgumentException("not a passkey document id: " + id);
    }
    return of(Integer.parseInt(p[1].substring(1)), Integer.parseInt(p[2].substring(1)),
        Integer.parseInt(p[3].substring(1)), seed);
  }

  /** The key as text. */
  public String keyText() {
    return Integer.toString(key);
  }
}
