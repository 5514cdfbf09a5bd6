package io.megaspark.megalodon.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The binary form of a {@link StreamState}, little-endian:
 *
 * <pre>
 * "MGST"  u16 version  u16 flags (0)
 * i32 layers  i32 D  i32 N  i32 G  i64 position
 * i32 sectionCount, then per section: 4-byte ASCII tag, i64 payload length, payload
 *   "CEMA": per layer, re [D*N] f32 then im [D*N] f32
 *   "TSNL": per layer, count i64, mean [G] f64, var [G] f64
 *   "TSNO": the output TimestepNorm, count i64, mean [G] f64, var [G] f64
 *   "INFI" (only with Infini memory): i32 H, i32 Dz, i32 Dv, then per layer and head M [Dz*Dv] f64
 *           (row-major) and z [Dz] f64
 * u32 CRC-32 of every byte before it
 * </pre>
 *
 * Tagged sections let later parts be added without breaking old states: a state without memory is
 * byte-for-byte what this format was before the memory section existed, and a reader refuses a tag it does
 * not know, instead of misreading it.
 */
final class StateCodec {
  static final int VERSION = 1;
  private static final byte[] MAGIC = "MGST".getBytes(StandardCharsets.US_ASCII);
  private static final int FIXED_HEADER = 4 + 2 + 2 + 4 * 4 + 8 + 4;
  private static final int SECTION_HEADER = 4 + 8;
  private static final String EMA = "CEMA";
  private static final String NORM = "TSNL";
  private static final String OUTPUT_NORM = "TSNO";
  private static final String MEMORY = "INFI";

  private StateCodec() {}

  static long size(int layers, int d, int n, int g) {
    return FIXED_HEADER + 3L * SECTION_HEADER + emaBytes(layers, d, n) + (long) layers * normBytes(g)
        + normBytes(g) + 4;
  }

  /** Bytes the memory section adds (its header included): 0 without memory. */
  static long memorySectionBytes(int layers, int heads, int keyDim, int valueDim) {
    if (heads == 0) {
      return 0;
    }
    return SECTION_HEADER + memoryPayload(layers, heads, keyDim, valueDim);
  }

  private static long memoryPayload(int layers, int heads, int keyDim, int valueDim) {
    return 12 + 8L * layers * heads * keyDim * (valueDim + 1L);
  }

  private static long emaBytes(int layers, int d, int n) {
    return 2L * layers * d * n * 4;
  }

  private static long normBytes(int g) {
    return 8 + 16L * g;
  }

  static byte[] encode(StreamState s) {
    long size = s.sizeBytes();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("stream state of " + size + " bytes does not fit a byte array");
    }
    ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putShort((short) VERSION).putShort((short) 0);
    b.putInt(s.layers).putInt(s.modelDim).putInt(s.emaOrder).putInt(s.normGroups).putLong(s.position);
    b.putInt(s.hasMemory() ? 4 : 3);
    section(b, EMA, emaBytes(s.layers, s.modelDim, s.emaOrder));
    for (int l = 0; l < s.layers; l++) {
      b.asFloatBuffer().put(s.emaRe[l]);
      b.position(b.position() + 4 * s.emaRe[l].length);
      b.asFloatBuffer().put(s.emaIm[l]);
      b.position(b.position() + 4 * s.emaIm[l].length);
    }
    section(b, NORM, (long) s.layers * normBytes(s.normGroups));
    for (int l = 0; l < s.layers; l++) {
      putNorm(b, s.normCount[l], s.normMean[l], s.normVar[l]);
    }
    section(b, OUTPUT_NORM, normBytes(s.normGroups));
    putNorm(b, s.outputCount, s.outputMean, s.outputVar);
    if (s.hasMemory()) {
      putMemory(b, s);
    }
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  private static void section(ByteBuffer b, String tag, long length) {
    b.put(tag.getBytes(StandardCharsets.US_ASCII)).putLong(length);
  }

  private static void putMemory(ByteBuffer b, StreamState s) {
    section(b, MEMORY, memoryPayload(s.layers, s.memoryHeads, s.memoryKeyDim, s.memoryValueDim));
    b.putInt(s.memoryHeads).putInt(s.memoryKeyDim).putInt(s.memoryValueDim);
    int mn = s.memoryKeyDim * s.memoryValueDim;
    for (int l = 0; l < s.layers; l++) {
      for (int h = 0; h < s.memoryHeads; h++) {
        b.asDoubleBuffer().put(s.memoryM[l], h * mn, mn);
        b.position(b.position() + 8 * mn);
        b.asDoubleBuffer().put(s.memoryZ[l], h * s.memoryKeyDim, s.memoryKeyDim);
        b.position(b.position() + 8 * s.memoryKeyDim);
      }
    }
  }

  private static void putNorm(ByteBuffer b, long count, double[] mean, double[] var) {
    b.putLong(count);
    for (double v : mean) {
      b.putDouble(v);
    }
    for (double v : var) {
      b.putDouble(v);
    }
  }

  static StreamState decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    try {
      return decode(b, bytes);
    } catch (BufferUnderflowException e) {
      throw StateErrors.corrupt("truncated: " + bytes.length + " bytes end inside the data", bytes.length);
    }
  }

  private static StreamState decode(ByteBuffer b, byte[] bytes) {
    if (bytes.length < 4 || !new String(bytes, 0, 4, StandardCharsets.US_ASCII).equals("MGST")) {
      throw StateErrors.notAState(new String(bytes, 0, Math.min(4, bytes.length),
          StandardCharsets.ISO_8859_1));
    }
    b.position(4);
    int version = Short.toUnsignedInt(b.getShort());
    if (version > VERSION || version < 1) {
      throw StateErrors.newerVersion(version, VERSION);
    }
    b.getShort(); // flags, reserved
    int layers = b.getInt();
    int d = b.getInt();
    int n = b.getInt();
    int g = b.getInt();
    long position = b.getLong();
    boolean positive = layers >= 1 && d >= 1 && n >= 1 && g >= 1;
    if (!positive || bytes.length < size(layers, d, n, g)) {
      throw StateErrors.corrupt("shapes layers=" + layers + ", D=" + d + ", N=" + n + ", G=" + g
          + " need " + (!positive ? "positive sizes"
          : "at least " + size(layers, d, n, g) + " bytes, found " + bytes.length), 8);
    }
    checkCrc(bytes);
    StreamState.Builder s = StreamState.builder(layers, d, n, g).position(position);
    int sections = b.getInt();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < sections; i++) {
      readSection(b, s, seen);
    }
    for (String required : new String[] {EMA, NORM, OUTPUT_NORM}) {
      if (!seen.contains(required)) {
        throw StateErrors.corrupt("section '" + required + "' is missing", b.position());
      }
    }
    if (b.remaining() != 4) {
      throw StateErrors.corrupt((b.remaining() - 4) + " bytes after the last section", b.position());
    }
    return s.build();
  }

  private static void readSection(ByteBuffer b, StreamState.Builder s, Set<String> seen) {
    int at = b.position();
    byte[] tagBytes = new byte[4];
    b.get(tagBytes);
    String tag = new String(tagBytes, StandardCharsets.ISO_8859_1);
    long length = b.getLong();
    long expected = switch (tag) {
      case EMA -> emaBytes(s.layers, s.modelDim, s.emaOrder);
      case NORM -> (long) s.layers * normBytes(s.normGroups);
      case OUTPUT_NORM -> normBytes(s.normGroups);
      case MEMORY -> memoryPayload(b, s, at);
      default -> throw StateErrors.corrupt("unknown section '" + tag + "' (written by a newer"
          + " Megaspark?); this version reads " + EMA + ", " + NORM + ", " + OUTPUT_NORM + ", "
          + MEMORY, at);
    };
    if (!seen.add(tag)) {
      throw StateErrors.corrupt("section '" + tag + "' appears twice", at);
    }
    if (length != expected) {
      throw StateErrors.corrupt("section '" + tag + "' has " + length + " bytes, expected " + expected,
          at);
    }
    switch (tag) {
      case EMA -> readEma(b, s);
      case MEMORY -> readMemory(b, s);
      case NORM -> {
        for (int l = 0; l < s.layers; l++) {
          long count = b.getLong();
          s.norm(l, checkCount(count, b), doubles(b, s.normGroups), doubles(b, s.normGroups));
        }
      }
      default -> s.outputNorm(checkCount(b.getLong(), b), doubles(b, s.normGroups),
          doubles(b, s.normGroups));
    }
  }

  /** Peeks at the memory section's H, Dz, Dv (the buffer does not move), sizes the builder, returns the payload size. */
  private static long memoryPayload(ByteBuffer b, StreamState.Builder s, int at) {
    if (b.remaining() < 12) {
      throw StateErrors.corrupt("truncated: the memory section ends inside its header", at);
    }
    int from = b.position();
    int heads = b.getInt(from);
    int keyDim = b.getInt(from + 4);
    int valueDim = b.getInt(from + 8);
    if (heads < 1 || keyDim < 1 || valueDim < 1
        || memoryPayload(s.layers, heads, keyDim, valueDim) > b.remaining()) {
      throw StateErrors.corrupt("memory section with H=" + heads + ", Dz=" + keyDim + ", Dv=" + valueDim
          + " does not fit the " + b.remaining() + " bytes left", at);
    }
    s.withMemory(heads, keyDim, valueDim);
    return memoryPayload(s.layers, heads, keyDim, valueDim);
  }

  private static void readMemory(ByteBuffer b, StreamState.Builder s) {
    b.position(b.position() + 12); // H, Dz, Dv: read by memoryPayload
    int dz = s.memoryKeyDim;
    int mn = dz * s.memoryValueDim;
    for (int l = 0; l < s.layers; l++) {
      double[] m = new double[s.memoryHeads * mn];
      double[] z = new double[s.memoryHeads * dz];
      for (int h = 0; h < s.memoryHeads; h++) {
        b.asDoubleBuffer().get(m, h * mn, mn);
        b.position(b.position() + 8 * mn);
        b.asDoubleBuffer().get(z, h * dz, dz);
        b.position(b.position() + 8 * dz);
      }
      s.memory(l, m, z);
    }
  }

  private static void readEma(ByteBuffer b, StreamState.Builder s) {
    int dn = s.modelDim * s.emaOrder;
    for (int l = 0; l < s.layers; l++) {
      float[] re = new float[dn];
      float[] im = new float[dn];
      b.asFloatBuffer().get(re);
      b.position(b.position() + 4 * dn);
      b.asFloatBuffer().get(im);
      b.position(b.position() + 4 * dn);
      s.ema(l, re, im);
    }
  }

  private static long checkCount(long count, ByteBuffer b) {
    if (count < 0) {
      throw StateErrors.corrupt("negative TimestepNorm count " + count, b.position() - 8);
    }
    return count;
  }

  private static double[] doubles(ByteBuffer b, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = b.getDouble();
    }
    return out;
  }

  private static void checkCrc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (stored != (int) crc.getValue()) {
      throw StateErrors.corrupt("checksum mismatch (stored " + Integer.toHexString(stored)
          + ", computed " + Integer.toHexString((int) crc.getValue()) + ")", bytes.length - 4);
    }
  }
}
