package io.megaspark.jobs.longdoc;

import java.util.List;
import java.util.Locale;

/**
 * Where a layer-wise scan's time went, measured while it ran (docs/benchmarks.md): per stage, the Spark
 * job's wall time, the summed task time, the part of it in the model kernel and the tokens the kernel
 * saw; per layer, the driver's own time (the exclusive scans of the summaries and the broadcast tables).
 *
 * @param stages every stage in the order it ran
 * @param driverSeconds [L] driver time per layer
 * @param activationBytes bytes of activations persisted per layer (all ranges)
 */
public record ScanStats(List<Stage> stages, double[] driverSeconds, long activationBytes) {
  /**
   * @param name embed, ema, memory, finish or scores
   * @param layer the layer, -1 for embed and scores
   * @param wallSeconds the stage's Spark job, wall clock on the driver
   * @param taskSeconds summed over tasks: first row to last (reading persisted rows, kernel, handing
   *     rows on to be persisted)
   * @param kernelSeconds summed over tasks: inside the model kernel
   * @param tokens tokens the kernel processed
   */
  public record Stage(String name, int layer, double wallSeconds, double taskSeconds, double kernelSeconds,
      long tokens) {
    /** Task time outside the kernel: reading and writing persisted rows. */
    public double ioSeconds() {
      return Math.max(0, taskSeconds - kernelSeconds);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s%s: wall %.2f s, tasks %.2f s, kernel %.2f s (%.3f us/token),"
          + " io %.2f s", name, layer < 0 ? "" : " layer " + layer, wallSeconds, taskSeconds, kernelSeconds,
          tokens == 0 ? 0 : 1e6 * kernelSeconds / tokens, ioSeconds());
    }
  }

  public ScanStats {
    stages = List.copyOf(stages);
    driverSeconds = driverSeconds.clone();
  }

  @Override
  public double[] driverSeconds() {
    return driverSeconds.clone();
  }
}
