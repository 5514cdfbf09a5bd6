package io.megaspark.megalodon.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/** Test helper: builds a graph, runs it once and copies the fetched outputs out as Java arrays. */
public final class GraphTesting {
  private GraphTesting() {}

  /** Runs the graph built by {@code build}; each output comes back as float[] or double[]. */
  public static List<Object> run(Function<Ops, List<Operand<?>>> build) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<Operand<?>> outs = build.apply(tf);
      Session.Runner runner = s.runner();
      outs.forEach(runner::fetch);
      List<Object> values = new ArrayList<>();
      try (Result r = runner.run()) {
        for (int i = 0; i < outs.size(); i++) {
          values.add(copy(r.get(i)));
        }
      }
      return values;
    }
  }

  private static Object copy(Tensor t) {
    int n = Math.toIntExact(t.shape().size());
    if (t instanceof TFloat64 d) {
      double[] out = new double[n];
      d.asRawTensor().data().asDoubles().read(out);
      return out;
    }
    float[] out = new float[n];
    ((TFloat32) t).asRawTensor().data().asFloats().read(out);
    return out;
  }

  public static Operand<TFloat32> constant(Ops tf, float[] v, long... shape) {
    return tf.constant(Shape.of(shape), DataBuffers.of(v, true, false));
  }

  public static Operand<TFloat64> constant(Ops tf, double[] v, long... shape) {
    return tf.constant(Shape.of(shape), DataBuffers.of(v, true, false));
  }

  public static float[] gaussian(Random rnd, int n, double sd) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rnd.nextGaussian() * sd);
    }
    return a;
  }

  public static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /** Row-major [rows][cols] view of a slice of a flat array starting at {@code offset}. */
  public static double[][] rows(float[] flat, int offset, int rows, int cols) {
    double[][] out = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[r][c] = flat[offset + r * cols + c];
      }
    }
    return out;
  }
}
