package io.megaspark.jobs.longdoc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A piece's activations [T][D] as bytes for a binary column, little-endian, row-major: float64 for the
 * reference scan (exact), float32 for the TensorFlow scan (what the model computes in; half the
 * persistence I/O).
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

  /** The first {@code n} values of a float32 block [T*D] (its valid rows). */
  public static byte[] floatsToBytes(float[] x, int n) {
    ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(n, 4)).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(x, 0, n);
    return b.array();
  }

  /**
   * Float32 rows of D values, zero-padded to {@code length} values (a model block of fixed length).
   *
   * @return [length] with the stored values first
   */
  public static float[] bytesToFloats(byte[] bytes, int dim, int length) {
    if (bytes.length % (4L * dim) != 0 || bytes.length / 4 > length) {
      throw new IllegalArgumentException("activations: " + bytes.length + " bytes is not a whole number"
          + " of rows of " + dim + " float32 values, at most " + length + " values");
    }
    float[] x = new float[length];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x, 0, bytes.length / 4);
    return x;
  }
}
