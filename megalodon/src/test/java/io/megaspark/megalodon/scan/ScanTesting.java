package io.megaspark.megalodon.scan;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.reference.ReferenceEma;
import io.megaspark.megalodon.testing.TestPaths;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Helpers shared by the scan tests. */
final class ScanTesting {
  private ScanTesting() {}

  static MegalodonConfig tiny() {
    return MegalodonConfig.load(TestPaths.root().resolve("conf/models/tiny.json"));
  }

  static double[][] matrix(SplittableRandom r, int rows, int cols, double scale, double offset) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = offset + scale * r.nextGaussian();
      }
    }
    return m;
  }

  static ReferenceEma.Coefficients coefficients(SplittableRandom r, int d, int n) {
    return ReferenceEma.coefficients(r.doubles(d * n, -3, 3).toArray(),
        r.doubles(d * n, -3, 3).toArray(), r.doubles(d, -3, 3).toArray(),
        r.doubles(2 * d * n, -1, 1).toArray(), r.doubles(d, -1, 1).toArray(), d, n);
  }

  /** P ranges over [0, length) with random distinct starts on chunk boundaries. */
  static DocumentRanges randomRanges(SplittableRandom r, long length, int chunk, int parts) {
    long chunks = (length + chunk - 1) / chunk;
    TreeSet<Long> starts = new TreeSet<>();
    starts.add(0L);
    while (starts.size() < parts) {
      starts.add(r.nextLong(1, chunks) * chunk);
    }
    return new DocumentRanges(starts.stream().mapToLong(Long::longValue).toArray(), length);
  }

  static double maxAbsDiff(double[][] a, double[][] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return m;
  }

  static double maxAbs(double[][] a) {
    double m = 0;
    for (double[] row : a) {
      for (double v : row) {
        m = Math.max(m, Math.abs(v));
      }
    }
    return m;
  }

  static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }
}
