package io.megaspark.megalodon.bench;

import java.util.Arrays;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomStandardNormal;
import org.tensorflow.types.TFloat32;

/** GFLOP/s of a plain n×n×n float32 TensorFlow matmul: the machine's practical peak for the model. */
public final class MatmulBenchmark {
  private MatmulBenchmark() {}

  /** Median GFLOP/s over {@code repeats} runs after one warm-up; the inputs stay inside TensorFlow. */
  public static double gflops(int n, int repeats) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> a = tf.variable(tf.random.randomStandardNormal(tf.constant(new int[] {n, n}),
          TFloat32.class, RandomStandardNormal.seed(1L)));
      Operand<TFloat32> b = tf.variable(tf.random.randomStandardNormal(tf.constant(new int[] {n, n}),
          TFloat32.class, RandomStandardNormal.seed(2L)));
      // Sum of the product so only a scalar leaves TensorFlow.
      Operand<TFloat32> c = tf.sum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
      s.initialize();
      double[] t = new double[repeats];
      for (int i = -1; i < repeats; i++) {
        long start = System.nanoTime();
        s.runner().fetch(c).run().close();
        if (i >= 0) {
          t[i] = (System.nanoTime() - start) / 1e9;
        }
      }
      Arrays.sort(t);
      return 2.0 * n * n * n / t[repeats / 2] / 1e9;
    }
  }
}
