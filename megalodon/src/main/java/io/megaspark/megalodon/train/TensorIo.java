package io.megaspark.megalodon.train;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** Host arrays to and from TensorFlow tensors of the graph's float type (float32 or float64). */
final class TensorIo {
  private final boolean float64;

  TensorIo(boolean float64) {
    this.float64 = float64;
  }

  Tensor floats(float[] values, long... shape) {
    if (float64) {
      double[] d = new double[values.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = values[i];
      }
      return TFloat64.tensorOf(Shape.of(shape), DataBuffers.of(d, true, false));
    }
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
  }

  Tensor doubles(double[] values, long... shape) {
    if (float64) {
      return TFloat64.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
    }
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(f, true, false));
  }

  static Tensor ints(int[][] values) {
    int rows = values.length;
    int cols = values[0].length;
    int[] flat = new int[rows * cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(values[r], 0, flat, r * cols, cols);
    }
    return TInt32.tensorOf(Shape.of(rows, cols), DataBuffers.of(flat, true, false));
  }

  static Tensor ints(int[] values) {
    return TInt32.tensorOf(Shape.of(values.length), DataBuffers.of(values, true, false));
  }

  static Tensor longs(long[] values) {
    return TInt64.tensorOf(Shape.of(values.length), DataBuffers.of(values, true, false));
  }

  /** Values of a float32 or float64 tensor, widened to float64. */
  static double[] readDoubles(Tensor t) {
    int n = Math.toIntExact(t.shape().size());
    double[] out = new double[n];
    if (t instanceof TFloat64 d) {
      d.copyTo(DataBuffers.of(out, false, false));
    } else {
      float[] f = new float[n];
      ((TFloat32) t).copyTo(DataBuffers.of(f, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = f[i];
      }
    }
    return out;
  }

  /** Values of a float32 or float64 tensor, as float32. */
  static float[] readFloats(Tensor t) {
    int n = Math.toIntExact(t.shape().size());
    float[] out = new float[n];
    if (t instanceof TFloat32 f) {
      f.copyTo(DataBuffers.of(out, false, false));
    } else {
      double[] d = readDoubles(t);
      for (int i = 0; i < n; i++) {
        out[i] = (float) d[i];
      }
    }
    return out;
  }
}
