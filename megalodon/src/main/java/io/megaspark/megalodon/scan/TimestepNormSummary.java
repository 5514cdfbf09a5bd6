package io.megaspark.megalodon.scan;

import io.megaspark.megalodon.reference.ReferenceTimestepNorm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The TimestepNorm statistics of a run of timesteps (MODEL.md 1.3): the count n (shared by the groups)
 * and, per group, the pooled mean and population variance over every (timestep, feature of the group).
 * Summaries form a monoid under Chan's parallel combine, with the empty run as identity, so the
 * statistics before every range of a document come from an exclusive scan of the ranges' local
 * summaries (MODEL.md 1.10). The Chan form is used rather than raw sums (n, sum x, sum x^2) because raw
 * sums cancel catastrophically over millions of tokens.
 *
 * <p>Immutable: arrays are copied in and out.
 *
 * @param count timesteps in the run, n >= 0
 * @param mean [G] pooled mean per group (0 when n = 0)
 * @param var [G] pooled population variance per group (0 when n = 0)
 */
public record TimestepNormSummary(long count, double[] mean, double[] var) {
  private static final int MAGIC = 0x54534e53; // "TSNS"

  public TimestepNormSummary {
    if (count < 0) {
      throw new IllegalArgumentException("count must be non-negative, got " + count);
    }
    if (mean == null || var == null || mean.length != var.length || mean.length == 0) {
      throw new IllegalArgumentException("mean and var must be non-empty arrays of one length [G], got "
          + (mean == null ? "null" : mean.length) + " and " + (var == null ? "null" : var.length));
    }
    mean = mean.clone();
    var = var.clone();
  }

  /** The empty run: the identity of {@link #combine}. */
  public static TimestepNormSummary identity(int groups) {
    return new TimestepNormSummary(0, new double[groups], new double[groups]);
  }

  /** The carried statistics of a document, seen as the summary of everything read so far. */
  public static TimestepNormSummary of(ReferenceTimestepNorm.State state) {
    return new TimestepNormSummary(state.count(), state.mean(), state.var());
  }

  public ReferenceTimestepNorm.State toState() {
    return new ReferenceTimestepNorm.State(count, mean.clone(), var.clone());
  }

  /**
   * The local summary of a range's layer input, as if its statistics started from nothing: every
   * timestep is a sample of weight 1 whose within-group moments are merged in order (MODEL.md 1.3 step 2).
   *
   * @param x [T][D] the range's raw TimestepNorm input (no padding)
   * @param groups G; group g holds features [g*D/G, (g+1)*D/G)
   */
  public static TimestepNormSummary local(double[][] x, int groups) {
    double[] mean = new double[groups];
    double[] var = new double[groups];
    long n = 0;
    for (double[] step : x) {
      int dg = step.length / groups;
      double n1 = n + 1;
      for (int g = 0; g < groups; g++) {
        double m = 0;
        for (int k = g * dg; k < (g + 1) * dg; k++) {
          m += step[k];
        }
        m /= dg;
        double v = 0;
        for (int k = g * dg; k < (g + 1) * dg; k++) {
          v += (step[k] - m) * (step[k] - m);
        }
        v /= dg;
        double delta = m - mean[g];
        mean[g] += delta / n1;
        var[g] = (n * var[g] + v) / n1 + n / (n1 * n1) * delta * delta;
      }
      n++;
    }
    return new TimestepNormSummary(n, mean, var);
  }

  /**
   * Chan's combine: the statistics of this run followed by {@code later} (order does not change the
   * values beyond rounding, but the scan keeps document order so it matches the sequential merge).
   */
  public TimestepNormSummary combine(TimestepNormSummary later) {
    if (later.mean.length != mean.length) {
      throw new IllegalArgumentException("cannot combine summaries of " + mean.length + " and "
          + later.mean.length + " groups");
    }
    if (later.count == 0) {
      return this;
    }
    if (count == 0) {
      return later;
    }
    double na = count;
    double nb = later.count;
    double n = na + nb;
    double[] m = new double[mean.length];
    double[] v = new double[mean.length];
    for (int g = 0; g < m.length; g++) {
      double delta = later.mean[g] - mean[g];
      m[g] = mean[g] + delta * (nb / n);
      v[g] = (na * var[g] + nb * later.var[g]) / n + na * nb / (n * n) * delta * delta;
    }
    return new TimestepNormSummary(count + later.count, m, v);
  }

  public int groups() {
    return mean.length;
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] var() {
    return var.clone();
  }

  /** Little-endian bytes: magic, G, count, mean, var; {@link #fromBytes} reads them back exactly. */
  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 + 16 * mean.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(mean.length).putLong(count);
    Bytes.putAll(Bytes.putAll(b, mean), var);
    return b.array();
  }

  public static TimestepNormSummary fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    Bytes.expect(b, MAGIC, "TimestepNormSummary");
    int g = Bytes.length(b, 16, 8, "TimestepNormSummary groups");
    long count = b.getLong();
    return new TimestepNormSummary(count, Bytes.doubles(b, g), Bytes.doubles(b, g));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimestepNormSummary s && count == s.count && Arrays.equals(mean, s.mean)
        && Arrays.equals(var, s.var);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(count) + 31 * Arrays.hashCode(mean) + 961 * Arrays.hashCode(var);
  }

  @Override
  public String toString() {
    return "TimestepNormSummary[n=" + count + ", mean=" + Arrays.toString(mean) + ", var="
        + Arrays.toString(var) + "]";
  }
}
