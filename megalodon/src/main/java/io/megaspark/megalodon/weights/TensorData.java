package io.megaspark.megalodon.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One named tensor: its element type, shape and little-endian bytes (read-only; for a tensor read from a
 * file, a memory-mapped view of it). The {@code floats()/ints()/longs()} accessors return fresh copies.
 *
 * @param name the tensor name, for example {@code layers.0.mega.wz.weight}
 * @param dtype element type
 * @param shape dimensions, outermost first; empty for a scalar
 * @param data exactly {@code numel * dtype.bytes()} bytes
 */
public record TensorData(String name, DType dtype, long[] shape, ByteBuffer data) {
  public TensorData {
    if (name == null || dtype == null || shape == null || data == null) {
      throw new IllegalArgumentException("tensor name, dtype, shape and data must not be null");
    }
    shape = shape.clone();
    long n = numel(shape);
    if ((long) data.remaining() != n * dtype.bytes()) {
      throw new IllegalArgumentException("tensor '" + name + "': " + data.remaining()
          + " bytes for shape " + Arrays.toString(shape) + " of " + dtype + ", expected "
          + n * dtype.bytes());
    }
    data = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A float32 tensor holding a copy of {@code values}. */
  public static TensorData ofFloats(String name, long[] shape, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new TensorData(name, DType.F32, shape, b);
  }

  /** An int32 tensor holding a copy of {@code values}. */
  public static TensorData ofInts(String name, long[] shape, int[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return new TensorData(name, DType.I32, shape, b);
  }

  /** An int64 tensor holding a copy of {@code values}. */
  public static TensorData ofLongs(String name, long[] shape, long[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new TensorData(name, DType.I64, shape, b);
  }

  /** Number of elements: the product of the shape (1 for a scalar). */
  public static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  public long numel() {
    return numel(shape);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The values as float32; F16, BF16 and F64 are converted, integer types are refused. */
  public float[] floats() {
    if (!dtype.isFloating()) {
      throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not a float type");
    }
    ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[elements()];
    switch (dtype) {
      case F32 -> b.asFloatBuffer().get(out);
      case F64 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) b.getDouble(i * 8);
        }
      }
      case BF16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfFloats.bfloat16ToFloat(b.getShort(i * 2));
        }
      }
      case F16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfFloats.float16ToFloat(b.getShort(i * 2));
        }
      }
      default -> throw new IllegalStateException("unreachable: " + dtype);
    }
    return out;
  }

  /** The values as int32; I64 values must fit. */
  public int[] ints() {
    ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int[] out = new int[elements()];
    if (dtype == DType.I32) {
      b.asIntBuffer().get(out);
    } else if (dtype == DType.I64) {
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.toIntExact(b.getLong(i * 8));
      }
    } else {
      throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not an integer type");
    }
    return out;
  }

  /** The values as int64. */
  public long[] longs() {
    ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[elements()];
    if (dtype == DType.I64) {
      b.asLongBuffer().get(out);
    } else if (dtype == DType.I32) {
      for (int i = 0; i < out.length; i++) {
        out[i] = b.getInt(i * 4);
      }
    } else {
      throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not an integer type");
    }
    return out;
  }

  private int elements() {
    return Math.toIntExact(numel());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorData t && name.equals(t.name) && dtype == t.dtype
        && Arrays.equals(shape, t.shape) && data.duplicate().rewind().equals(t.data.duplicate().rewind());
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + dtype.hashCode()) + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "TensorData[" + name + ", " + dtype + ", " + Arrays.toString(shape) + "]";
  }
}
