package io.megaspark.megalodon.bench;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomStandardNormal;
import org.tensorflow.types.TFloat32;

/**
 * A plain n×n×n float32 TensorFlow matmul, the machine's practical peak for the model. The inputs live in
 * variables and only a scalar leaves TensorFlow, so a run measures the matmul (plus one cheap reduction).
 * Kept open so the benchmark can time it between model blocks, under the same machine load.
 */
final class MatmulBenchmark implements AutoCloseable {
  private final int n;
  private final Graph graph;
  private final Session session;
  private final Operand<TFloat32> product;

  MatmulBenchmark(int n, int threads) {
    this.n = n;
    this.graph = new Graph();
    Ops tf = Ops.create(graph);
    Operand<TFloat32> a = tf.variable(tf.random.randomStandardNormal(tf.constant(new int[] {n, n}),
        TFloat32.class, RandomStandardNormal.seed(1L)));
    Operand<TFloat32> b = tf.variable(tf.random.randomStandardNormal(tf.constant(new int[] {n, n}),
        TFloat32.class, RandomStandardNormal.seed(2L)));
    product = tf.sum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
    session = new Session(graph, org.tensorflow.proto.ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1).build());
    session.initialize();
    gflops(0); // warm-up
  }

  /**
   * GFLOP/s of back-to-back matmuls for at least {@code minSeconds} of wall time (one 1024³ matmul takes
   * a few milliseconds, too short to time alone on a shared machine).
   */
  double gflops(double minSeconds) {
    long start = System.nanoTime();
    long runs = 0;
    long elapsed;
    do {
      session.runner().fetch(product).run().close();
      runs++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < minSeconds * 1e9);
    return 2.0 * n * n * n * runs / (elapsed / 1e9) / 1e9;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
