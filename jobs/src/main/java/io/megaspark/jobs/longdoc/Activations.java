package io.megaspark.jobs.longdoc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A range's activations [T][D] as bytes for a binary column: float64 little-endian, row-major. Float64
 * keeps the reference scan exact (the fast model would store float32).
 */
public final class Activations {
  private Activations() {}

  public static byte[] toBytes(double[][] x) {
    int d = x.length == 0 ? 0 : x[0].length;
    ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(Math.multiplyExact(x.length, d), 8))
        .order(ByteOrder.LITTLE_ENDIAN);
    for (double[] row : x) {
      for (double v : row) {
        b.putDouble(v);
      }
    }
    return b.array();
  }

  /** @param dim D */
  public static double[][] fromBytes(byte[] bytes, int dim) {
    if (bytes.length % (8L * dim) != 0) {
      throw new IllegalArgumentException("activations: " + bytes.length + " bytes is not a whole number"
          + " of rows of " + dim + " float64 values");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    double[][] x = new double[bytes.length / (8 * dim)][dim];
    for (double[] row : x) {
      for (int j = 0; j < dim; j++) {
        row[j] = b.getDouble();
      }
    }
    return x;
  }
}
