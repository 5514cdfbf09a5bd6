package io.megaspark.megalodon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The TensorFlow natives load on this platform and a graph runs. */
class TensorFlowRuntimeTest {
  @Test
  void matmul_inGraphMode_matchesHandComputedProduct() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var a = tf.constant(new float[][] {{1, 2}, {3, 4}});
      var b = tf.constant(new float[][] {{5, 6}, {7, 8}});
      var c = tf.linalg.matMul(a, b);
      try (TFloat32 out = (TFloat32) s.runner().fetch(c).run().get(0)) {
        float[][] got = StdArrays.array2dCopyOf(out);
        assertArrayEquals(new float[] {19, 22}, got[0], 0f);
        assertArrayEquals(new float[] {43, 50}, got[1], 0f);
      }
    }
  }
}
