package io.megaspark.megalodon.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One layer's Infini memory write over a run of timesteps under the linear rule, all heads at once
 * (MODEL.md 4, 1.10): {@code M += sum_t s(K_t)^T V_t, z += sum_t s(K_t)} never reads the memory, so a
 * range's write is its memory after the range started from empty, writes add, and the memory entering
 * each range is an exclusive scan of the writes, starting from the document's carried memory. The laws
 * per head are {@link InfiniMemorySummary}'s; the delta rule has no such summary.
 *
 * <p>Immutable: arrays are copied in and out.
 *
 * @param m [H*Dz*Dv] M per head (the layout of {@code StreamState.memoryM})
 * @param z [H*Dz] z per head
 */
public record LayerMemorySummary(double[] m, double[] z) {
  private static final int MAGIC = 0x4d454d53; // "MEMS"

  public LayerMemorySummary {
    if (m == null || z == null || m.length == 0 || z.length == 0 || m.length % z.length != 0) {
      throw new IllegalArgumentException("m and z must be non-empty, m a whole number of z's length"
          + " [H*Dz*Dv] and [H*Dz], got " + (m == null ? "null" : m.length) + " and "
          + (z == null ? "null" : z.length));
    }
    m = m.clone();
    z = z.clone();
  }

  /** The empty memory, the identity of {@link #combine}. */
  public static LayerMemorySummary empty(int mSize, int zSize) {
    return new LayerMemorySummary(new double[mSize], new double[zSize]);
  }

  /** This write followed by {@code later}: M and z add. */
  public LayerMemorySummary combine(LayerMemorySummary later) {
    if (later.m.length != m.length || later.z.length != z.length) {
      throw new IllegalArgumentException("cannot combine memories of " + m.length + "/" + z.length
          + " and " + later.m.length + "/" + later.z.length + " values");
    }
    double[] sm = m.clone();
    double[] sz = z.clone();
    for (int i = 0; i < sm.length; i++) {
      sm[i] += later.m[i];
    }
    for (int i = 0; i < sz.length; i++) {
      sz[i] += later.z[i];
    }
    return new LayerMemorySummary(sm, sz);
  }

  @Override
  public double[] m() {
    return m.clone();
  }

  @Override
  public double[] z() {
    return z.clone();
  }

  /** Little-endian bytes: magic, |z|, |m| / |z|, z, m; {@link #fromBytes} reads them back exactly. */
  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(12 + 8 * (z.length + m.length)).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(z.length).putInt(m.length / z.length);
    Bytes.putAll(Bytes.putAll(b, z), m);
    return b.array();
  }

  public static LayerMemorySummary fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    Bytes.expect(b, MAGIC, "LayerMemorySummary");
    int zn = b.getInt();
    int per = Bytes.length(b, 8 * zn, 8 * zn, "LayerMemorySummary value width");
    double[] z = Bytes.doubles(b, zn);
    return new LayerMemorySummary(Bytes.doubles(b, zn * per), z);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerMemorySummary s && Arrays.equals(m, s.m) && Arrays.equals(z, s.z);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(m) * 31 + Arrays.hashCode(z);
  }

  @Override
  public String toString() {
    return "LayerMemorySummary[m=" + m.length + ", z=" + z.length + "]";
  }
}
