package io.megaspark.megalodon.rope;

import io.megaspark.megalodon.rope.RopeScaling.DynamicNtk;
import java.util.OptionalInt;

/**
 * Hugging Face's grow-and-reset rule for dynamic NTK ({@code _dynamic_frequency_update}, MODEL.md §2.2): the
 * frequencies in use change only when a batch reaches past the longest length seen so far, and return to the
 * original ones once a batch is shorter than the original context again.
 *
 * <p>Given the largest position id p of a batch, with length {@code n = p + 1}, L the original context and
 * {@code cached} the length the current frequencies were computed for (initially L):
 *
 * <ol>
 *   <li>growth: if {@code n > cached}, recompute at length n and set {@code cached = n};
 *   <li>reset: if {@code n < L} and {@code cached > L}, go back to the frequencies at L (plain RoPE) and set
 *       {@code cached = L}.
 * </ol>
 *
 * <p>Not thread-safe: one tracker per model instance, as in Hugging Face. Caveat (MODEL.md §2.2): keys already
 * in a key/value cache keep the rotation of the base they were written with.
 */
public final class DynamicNtkTracker {
  private final DynamicNtk scaling;
  private final int headDim;
  private final double base;
  private final int maxPositionEmbeddings;
  private final int originalLength;
  private final RopeFrequencies original;
  private RopeFrequencies current;
  private int cachedLength;

  /** Starts at the frequencies for the original context (equal to plain RoPE). */
  public DynamicNtkTracker(DynamicNtk scaling, int headDim, double base, int maxPositionEmbeddings) {
    this.scaling = scaling;
    this.headDim = headDim;
    this.base = base;
    this.maxPositionEmbeddings = maxPositionEmbeddings;
    this.original = scaling.compute(headDim, base, maxPositionEmbeddings);
    this.originalLength = scaling.originalLength(maxPositionEmbeddings);
    this.current = original;
    this.cachedLength = originalLength;
  }

  /**
   * Applies the rule for a batch whose largest position id is {@code maxPosition} and returns the frequencies
   * to rotate that batch with.
   */
  public RopeFrequencies update(int maxPosition) {
    if (maxPosition < 0 || maxPosition == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("maxPosition = " + maxPosition + ": must be in [0, 2^31 - 2]");
    }
    int length = maxPosition + 1;
    if (length > cachedLength) {
      current = scaling.compute(headDim, base, maxPositionEmbeddings, OptionalInt.of(length));
      cachedLength = length;
    }
    if (length < originalLength && cachedLength > originalLength) {
      current = original;
      cachedLength = originalLength;
    }
    return current;
  }

  /** The frequencies in use now. */
  public RopeFrequencies current() {
    return current;
  }

  /** The length the current frequencies were computed for. */
  public int cachedLength() {
    return cachedLength;
  }

  /** The original context L. */
  public int originalLength() {
    return originalLength;
  }
}
