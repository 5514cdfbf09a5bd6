package io.megaspark.megalodon.graph;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;

/**
 * Build-time shape checks for graph operands. Every graph Megaspark builds has static shapes (one graph
 * per batch size and block length), so a wrong wiring fails here, with a message such as
 * {@code x: expected [B, T, 64], got [2, 16, 48]}, instead of inside a TensorFlow kernel.
 */
public final class Shapes {
  private Shapes() {}

  /**
   * Checks the rank and the fixed dimensions of {@code x}.
   *
   * @param name the operand's name in the message
   * @param x the operand
   * @param dims per axis either a {@link Number} (that exact size) or a {@link String} (a glossary letter
   *     such as "B": any size, shown by name)
   * @throws IllegalArgumentException naming the operand, the expected and the actual shape
   */
  public static void check(String name, Operand<?> x, Object... dims) {
    Shape s = x.shape();
    boolean ok = !s.isUnknown() && s.numDimensions() == dims.length;
    for (int i = 0; ok && i < dims.length; i++) {
      if (dims[i] instanceof Number n && s.size(i) != n.longValue()) {
        ok = false;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException(
          name + ": expected " + expected(dims) + ", got " + describe(s));
    }
  }

  /** Dimension {@code axis} of {@code x}, which must be known when the graph is built. */
  public static int dim(Operand<?> x, int axis) {
    long n = x.shape().size(axis);
    if (n < 0) {
      throw new IllegalArgumentException(
          "dimension " + axis + " of " + describe(x.shape()) + " must be known when the graph is built");
    }
    return Math.toIntExact(n);
  }

  /** A shape as {@code [2, 16, 48]}, unknown sizes as {@code ?}. */
  public static String describe(Shape s) {
    if (s.isUnknown()) {
      return "<unknown rank>";
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < s.numDimensions(); i++) {
      parts.add(s.size(i) < 0 ? "?" : Long.toString(s.size(i)));
    }
    return parts.toString();
  }

  private static String expected(Object[] dims) {
    List<String> parts = new ArrayList<>();
    for (Object d : dims) {
      parts.add(String.valueOf(d));
    }
    return parts.toString();
  }
}
