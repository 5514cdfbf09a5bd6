package io.megaspark.jobs.longdoc;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.scan.EmaSummary;
import io.megaspark.megalodon.scan.Scan;
import io.megaspark.megalodon.scan.TimestepNormSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times the driver's share of one layer of the scan per range, without Spark: read every range's
 * TimestepNorm and CEMA summaries from bytes, run the two exclusive scans, and write each range's
 * incoming summaries to bytes, as {@link ScanRunner} does, for summaries of a model's sizes.
 */
final class DriverCost {
  private DriverCost() {}

  /** Median over five rounds of seconds per range, for {@code ranges} ranges. */
  static double perRange(MegalodonConfig cfg, int ranges) {
    SplittableRandom r = new SplittableRandom(3);
    int g = cfg.normNumGroups();
    int dn = cfg.modelDim() * cfg.cemaNdim();
    List<byte[]> norms = new ArrayList<>();
    List<byte[]> emas = new ArrayList<>();
    for (int i = 0; i < ranges; i++) {
      norms.add(new TimestepNormSummary(1000, r.doubles(g).toArray(), r.doubles(g).toArray()).toBytes());
      emas.add(new EmaSummary(r.doubles(dn).toArray(), r.doubles(dn).toArray(), r.doubles(dn).toArray(),
          r.doubles(dn).toArray()).toBytes());
    }
    double[] rounds = new double[5];
    long sink = 0;
    for (int k = 0; k < rounds.length; k++) {
      long t0 = System.nanoTime();
      List<TimestepNormSummary> normIn = Scan.exclusive(TimestepNormSummary.identity(g),
          norms.stream().map(TimestepNormSummary::fromBytes).toList(), TimestepNormSummary::combine);
      List<EmaSummary> emaIn = Scan.exclusive(EmaSummary.identity(dn),
          emas.stream().map(EmaSummary::fromBytes).toList(), EmaSummary::andThen);
      for (int i = 0; i < ranges; i++) {
        sink += normIn.get(i).toBytes().length + emaIn.get(i).toBytes().length;
      }
      rounds[k] = (System.nanoTime() - t0) / 1e9 / ranges;
    }
    if (sink == 0) {
      throw new IllegalStateException("no summaries written");
    }
    return ScanProjection.median(rounds);
  }
}
