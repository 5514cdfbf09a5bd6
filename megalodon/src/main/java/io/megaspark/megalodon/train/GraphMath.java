package io.megaspark.megalodon.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;

/**
 * Graph helpers for the differentiable model, generic in the float type T (float32 for training,
 * float64 for the finite-difference gradient check). Every op used here has a registered C++ gradient;
 * shapes and slice bounds are int32 constants because the C++ gradient of {@code Slice} fails with int64
 * bounds ("Inconsistent values for attr 'T' DT_INT32 vs. DT_INT64").
 */
final class GraphMath<T extends TNumber> {
  final Ops tf;
  final Class<T> type;

  GraphMath(Ops tf, Class<T> type) {
    this.tf = tf;
    this.type = type;
  }

  Operand<T> scalar(double v) {
    return tf.dtypes.cast(tf.constant(v), type);
  }

  /** A constant of the given shape from row-major float64 values. */
  Operand<T> constant(double[] values, long... shape) {
    return tf.dtypes.cast(tf.constant(Shape.of(shape), DataBuffers.of(values)), type);
  }

  Operand<T> reshape(Operand<T> x, long... shape) {
    int[] s = new int[shape.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.toIntExact(shape[i]);
    }
    return tf.reshape(x, tf.constant(s));
  }

  Operand<T> transpose(Operand<T> x, int... perm) {
    return tf.linalg.transpose(x, tf.constant(perm));
  }

  /** {@code x[..., from:to, ...]} on one axis. */
  Operand<T> slice(Operand<T> x, int axis, long from, long to) {
    int rank = x.shape().numDimensions();
    int[] begin = new int[rank];
    int[] size = new int[rank];
    for (int i = 0; i < rank; i++) {
      size[i] = -1;
    }
    begin[axis] = Math.toIntExact(from);
    size[axis] = Math.toIntExact(to - from);
    return tf.slice(x, tf.constant(begin), tf.constant(size));
  }

  Operand<T> add(Operand<T> a, Operand<T> b) {
    return tf.math.add(a, b);
  }

  Operand<T> sub(Operand<T> a, Operand<T> b) {
    return tf.math.sub(a, b);
  }

  Operand<T> mul(Operand<T> a, Operand<T> b) {
    return tf.math.mul(a, b);
  }

  Operand<T> div(Operand<T> a, Operand<T> b) {
    return tf.math.div(a, b);
  }

  Operand<T> mean(Operand<T> x, int axis) {
    return tf.math.mean(x, tf.constant(axis), Mean.keepDims(true));
  }

  Operand<T> silu(Operand<T> x) {
    return tf.math.mul(x, tf.math.sigmoid(x));
  }

  /** {@code w + 1}: the plus-one parameterisation of norm scales (MODEL.md 1.1). */
  Operand<T> plusOne(Operand<T> w) {
    return tf.math.add(w, scalar(1));
  }

  Operand<T> concat(int axis, List<Operand<T>> parts) {
    return tf.concat(parts, tf.constant(axis));
  }

  List<Operand<T>> unstack(Operand<T> x, int axis) {
    long n = x.shape().size(axis);
    return List.copyOf(tf.unstack(x, n, Unstack.axis((long) axis)).output());
  }

  Operand<T> stack(int axis, List<Operand<T>> parts) {
    return tf.stack(parts, Stack.axis((long) axis));
  }

  Operand<T> batchMatMul(Operand<T> a, Operand<T> b, boolean adjA, boolean adjB) {
    return tf.train.batchMatMul(a, b, type, BatchMatMul.adjX(adjA), BatchMatMul.adjY(adjB));
  }

  /**
   * {@code x·Wᵀ + b} on the last axis with the official (out, in) weight; leading axes are folded into
   * the rows of one 2-D matmul.
   *
   * @param x [..., In]
   * @param w [Out, In]
   * @param bias [Out] or null
   */
  Operand<T> dense(Operand<T> x, Operand<T> w, Operand<T> bias) {
    int rank = x.shape().numDimensions();
    long in = x.shape().size(rank - 1);
    long out = w.shape().size(0);
    if (w.shape().size(1) != in) {
      throw new IllegalArgumentException("dense: weight " + w.shape() + " does not take inputs " + x.shape());
    }
    long[] outShape = x.shape().asArray().clone();
    outShape[rank - 1] = out;
    Operand<T> rows = rank == 2 ? x : reshape(x, -1, in);
    Operand<T> y = tf.linalg.matMul(rows, w, MatMul.transposeB(true));
    if (bias != null) {
      y = tf.nn.biasAdd(y, bias);
    }
    return rank == 2 ? y : reshape(y, outShape);
  }

  /** Elementwise cast of an int32 operand to T. */
  Operand<T> cast(Operand<TInt32> x) {
    return tf.dtypes.cast(x, type);
  }
}
