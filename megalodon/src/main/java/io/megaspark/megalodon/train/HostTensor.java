package io.megaspark.megalodon.train;

import java.util.Arrays;

/**
 * A float32 tensor held in a Java array (row-major), as the trainer keeps parameters, gradients and
 * optimizer moments between TensorFlow calls.
 *
 * @param shape dimensions, each positive
 * @param values row-major values; length is the product of {@code shape}
 */
public record HostTensor(long[] shape, float[] values) {
  public HostTensor {
    long n = 1;
    for (long d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("shape dimensions must be positive: shape=" + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          "values length must equal the product of the shape: shape=" + Arrays.toString(shape)
              + ", values=" + values.length);
    }
  }

  /** A zero tensor of this shape. */
  public static HostTensor zeros(long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return new HostTensor(shape.clone(), new float[Math.toIntExact(n)]);
  }

  /** A deep copy. */
  public HostTensor copy() {
    return new HostTensor(shape.clone(), values.clone());
  }

  public int size() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "HostTensor" + Arrays.toString(shape);
  }
}
