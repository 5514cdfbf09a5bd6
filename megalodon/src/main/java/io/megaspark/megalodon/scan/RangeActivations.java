package io.megaspark.megalodon.scan;

/**
 * A range's activations entering a layer (or the output norm) together with their local TimestepNorm
 * summary, which is what the next driver-side scan needs from the range.
 *
 * @param x [T][D] the range's layer input
 * @param normSummary the local summary of x, {@link TimestepNormSummary#local}
 */
public record RangeActivations(double[][] x, TimestepNormSummary normSummary) {
  public RangeActivations {
    if (x == null || normSummary == null || x.length != normSummary.count()) {
      throw new IllegalArgumentException("x and normSummary must describe the same timesteps, got "
          + (x == null ? "null" : x.length) + " and "
          + (normSummary == null ? "null" : normSummary.count()));
    }
  }
}
