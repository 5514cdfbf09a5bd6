package io.megaspark.megalodon.memory;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The compressive memory of one attention head in one layer, carried from segment to segment (MODEL.md §4):
 * {@code M [Dz][Dv]} and the normaliser {@code z [Dz]}, both zero before the first segment. Immutable; updates
 * return a new state.
 *
 * <p>Binary form (big-endian, {@link #serializedSize} bytes): magic {@code "INFM"} (int), format version (int,
 * 1), Dz (int), Dv (int), M row-major as Dz*Dv float64, z as Dz float64. Float64 keeps a stored stream bit-exact.
 *
 * @param keyDim Dz, the query/key head width
 * @param valueDim Dv, the value head width
 * @param m [Dz * Dv] row-major: {@code M[i][j] = m[i * Dv + j]}; copied
 * @param z [Dz] sums of sigma(K) over all stored tokens, so never negative; copied
 */
public record InfiniMemoryState(int keyDim, int valueDim, double[] m, double[] z) {
  /** {@code "INFM"}. */
  public static final int MAGIC = 0x494E464D;

  public static final int FORMAT_VERSION = 1;

  private static final int HEADER_BYTES = 4 * Integer.BYTES;

  public InfiniMemoryState {
    if (keyDim < 1 || valueDim < 1) {
      throw new IllegalArgumentException("keyDim = " + keyDim + ", valueDim = " + valueDim + ": both must be >= 1");
    }
    if (m == null || m.length != keyDim * valueDim) {
      throw new IllegalArgumentException("m: expected [" + keyDim + " * " + valueDim + "], got "
          + (m == null ? "null" : "[" + m.length + "]"));
    }
    if (z == null || z.length != keyDim) {
      throw new IllegalArgumentException(
          "z: expected [" + keyDim + "], got " + (z == null ? "null" : "[" + z.length + "]"));
    }
    m = m.clone();
    z = z.clone();
    for (int i = 0; i < m.length; i++) {
      if (!Double.isFinite(m[i])) {
        throw new IllegalArgumentException(
            "m[" + i / valueDim + "][" + i % valueDim + "] = " + m[i] + ": must be finite");
      }
    }
    for (int i = 0; i < z.length; i++) {
      if (!(z[i] >= 0) || !Double.isFinite(z[i])) {
        throw new IllegalArgumentException(
            "z[" + i + "] = " + z[i] + ": must be finite and >= 0 (a sum of ELU+1 values)");
      }
    }
  }

  /** The empty memory of the first segment: M = 0, z = 0. */
  public static InfiniMemoryState empty(int keyDim, int valueDim) {
    return new InfiniMemoryState(keyDim, valueDim, new double[keyDim * valueDim], new double[keyDim]);
  }

  /** True before anything was stored (z all zero); retrieval then returns exactly 0 (docs/deviations.md). */
  public boolean isEmpty() {
    for (double v : z) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }

  /** A copy of M, [Dz * Dv] row-major. */
  @Override
  public double[] m() {
    return m.clone();
  }

  /** A copy of z, [Dz]. */
  @Override
  public double[] z() {
    return z.clone();
  }

  /** {@code M[i][j]}. */
  public double m(int i, int j) {
    return m[i * valueDim + j];
  }

  /** {@code z[i]}. */
  public double z(int i) {
    return z[i];
  }

  /** Bytes of the binary form for a head of these widths. */
  public static int serializedSize(int keyDim, int valueDim) {
    return HEADER_BYTES + Double.BYTES * keyDim * (valueDim + 1);
  }

  /** The binary form described in the class documentation. */
  public byte[] toBytes() {
    ByteBuffer buffer = ByteBuffer.allocate(serializedSize(keyDim, valueDim));
    buffer.putInt(MAGIC).putInt(FORMAT_VERSION).putInt(keyDim).putInt(valueDim);
    for (double v : m) {
      buffer.putDouble(v);
    }
    for (double v : z) {
      buffer.putDouble(v);
    }
    return buffer.array();
  }

  /** Writes the binary form, e.g. one head after another for a layer. */
  public void writeTo(DataOutput out) throws IOException {
    out.write(toBytes());
  }

  /**
   * Reads one state written by {@link #toBytes()}; the array must hold exactly one state.
   *
   * @param where names the source (state store, document id, layer, head) for error messages
   */
  public static InfiniMemoryState fromBytes(byte[] bytes, String where) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      InfiniMemoryState state = readFrom(in, where);
      if (in.available() > 0) {
        throw InfiniMemoryErrors.corruptState(where, in.available() + " bytes left after Dz=" + state.keyDim
            + ", Dv=" + state.valueDim + " (" + serializedSize(state.keyDim, state.valueDim) + " bytes)");
      }
      return state;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one state written by {@link #writeTo}; {@code where} names the source for error messages. */
  public static InfiniMemoryState readFrom(DataInput in, String where) throws IOException {
    try {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw InfiniMemoryErrors.corruptState(
            where, String.format("magic 0x%08X, expected 0x%08X (\"INFM\")", magic, MAGIC));
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw InfiniMemoryErrors.corruptState(
            where, "format version " + version + ", this build reads " + FORMAT_VERSION);
      }
      int keyDim = in.readInt();
      int valueDim = in.readInt();
      if (keyDim < 1 || valueDim < 1 || (long) keyDim * valueDim > Integer.MAX_VALUE / Double.BYTES) {
        throw InfiniMemoryErrors.corruptState(where, "implausible widths Dz=" + keyDim + ", Dv=" + valueDim);
      }
      double[] m = readDoubles(in, keyDim * valueDim);
      double[] z = readDoubles(in, keyDim);
      try {
        return new InfiniMemoryState(keyDim, valueDim, m, z);
      } catch (IllegalArgumentException e) {
        throw InfiniMemoryErrors.corruptState(where, e.getMessage());
      }
    } catch (EOFException e) {
      throw InfiniMemoryErrors.corruptState(where, "it ends early (truncated)");
    }
  }

  private static double[] readDoubles(DataInput in, int n) throws IOException {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = in.readDouble();
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InfiniMemoryState s
        && keyDim == s.keyDim
        && valueDim == s.valueDim
        && Arrays.equals(m, s.m)
        && Arrays.equals(z, s.z);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(m) + Arrays.hashCode(z);
  }

  @Override
  public String toString() {
    return "InfiniMemoryState[Dz=" + keyDim + ", Dv=" + valueDim + ", m=" + Arrays.toString(m) + ", z="
        + Arrays.toString(z) + "]";
  }
}
