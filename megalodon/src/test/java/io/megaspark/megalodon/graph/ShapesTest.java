package io.megaspark.megalodon.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class ShapesTest {
  @Test
  void check_wrongFixedDimension_namesExpectedAndActualShape() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 16, 48)));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Shapes.check("x", x, "B", "T", 64));
      assertEquals("x: expected [B, T, 64], got [2, 16, 48]", e.getMessage());
    }
  }

  @Test
  void check_wrongRank_fails() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 16)));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Shapes.check("state", x, 64, "B", 32));
      assertEquals("state: expected [64, B, 32], got [2, 16]", e.getMessage());
    }
  }

  @Test
  void check_matchingShape_passes() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 16, 64)));
      Shapes.check("x", x, "B", "T", 64);
      assertEquals(16, Shapes.dim(x, 1));
    }
  }
}
