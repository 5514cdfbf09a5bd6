package io.megaspark.megalodon.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.megalodon.testing.TestPaths;
import io.megaspark.megalodon.weights.SafeTensors;
import io.megaspark.megalodon.weights.SafeTensorsFile;
import java.nio.file.Path;

/** Access to the golden tensors of megalodon-tiny-a (golden/README.md) and state comparisons. */
final class GoldenCaseFiles {
  private GoldenCaseFiles() {}

  static Path modelDir() {
    return TestPaths.tinyA();
  }

  static SafeTensorsFile read(String name) {
    return SafeTensors.read(modelDir().resolve(name));
  }

  /** tokens I32 [B, L] as rows. */
  static int[][] tokens(SafeTensorsFile f) {
    long[] shape = f.tensor("tokens").shape();
    int[] flat = f.tensor("tokens").ints();
    int b = (int) shape[0];
    int l = (int) shape[1];
    int[][] out = new int[b][l];
    for (int r = 0; r < b; r++) {
      System.arraycopy(flat, r * l, out[r], 0, l);
    }
    return out;
  }

  /** Max |a - golden| of row b of a [B, L, W] golden tensor against [L][W] values starting at offset. */
  static double maxDiff(float[] golden, int b, int l, int w, float[][] got, int offset) {
    double max = 0;
    for (int t = 0; t < got.length; t++) {
      for (int i = 0; i < w; i++) {
        double diff = Math.abs(golden[(b * l + offset + t) * w + i] - got[t][i]);
        max = Math.max(max, Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff);
      }
    }
    return max;
  }

  /** Asserts row b's state equals the golden {@code state.*} tensors within {@code tol}. */
  static void assertState(SafeTensorsFile f, int b, StreamState s, double tol) {
    int layers = s.numLayers();
    int dn = s.modelDim() * s.emaOrder();
    int g = s.normGroups();
    for (int l = 0; l < layers; l++) {
      String p = "state.layers." + l + ".";
      assertClose(f.tensor(p + "cema.h.re").floats(), b * dn, s.emaRe(l), tol, p + "cema.h.re");
      assertClose(f.tensor(p + "cema.h.im").floats(), b * dn, s.emaIm(l), tol, p + "cema.h.im");
      assertEquals(f.tensor(p + "tsn.count").longs()[b], s.normCount(l), p + "tsn.count");
      assertClose(f.tensor(p + "tsn.mean").floats(), b * g, s.normMean(l), tol, p + "tsn.mean");
      assertClose(f.tensor(p + "tsn.var").floats(), b * g, s.normVar(l), tol, p + "tsn.var");
    }
    assertEquals(f.tensor("state.output.tsn.count").longs()[b], s.outputNormCount(), "output count");
    assertClose(f.tensor("state.output.tsn.mean").floats(), b * g, s.outputNormMean(), tol, "output mean");
    assertClose(f.tensor("state.output.tsn.var").floats(), b * g, s.outputNormVar(), tol, "output var");
  }

  private static void assertClose(float[] golden, int offset, float[] got, double tol, String what) {
    for (int i = 0; i < got.length; i++) {
      assertEquals(golden[offset + i], got[i], tol, what + "[" + i + "]");
    }
  }

  private static void assertClose(float[] golden, int offset, double[] got, double tol, String what) {
    for (int i = 0; i < got.length; i++) {
      assertEquals(golden[offset + i], got[i], tol, what + "[" + i + "]");
    }
  }
}
