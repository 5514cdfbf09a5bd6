package io.megaspark.megalodon.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.config.MegalodonConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamStateTest {
  private static final MegalodonConfig CFG = MegalodonConfig.builder().numLayers(3).modelDim(8)
      .zDim(4).valueDim(8).numHeads(2).ffnHiddenDim(16).cemaNdim(4).chunkSize(4).normNumGroups(2)
      .vocabSize(10).build();

  static StreamState random(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StreamState.Builder b = StreamState.initial(CFG).toBuilder().position(r.nextLong(1, 1L << 40));
    for (int l = 0; l < 3; l++) {
      float[] re = new float[32];
      float[] im = new float[32];
      for (int i = 0; i < 32; i++) {
        re[i] = (float) r.nextGaussian();
        im[i] = (float) r.nextGaussian();
      }
      b.ema(l, re, im).norm(l, r.nextLong(0, 1L << 40), r.doubles(2).toArray(), r.doubles(2).toArray());
    }
    return b.outputNorm(17, new double[] {1.0 / 3, -0.0}, new double[] {Double.MIN_VALUE, 2}).build();
  }

  @Test
  void bytesRoundTrip_isBitExact() {
    StreamState s = random(1);
    byte[] bytes = s.toBytes();
    StreamState back = StreamState.fromBytes(bytes);
    assertEquals(s, back);
    assertArrayEquals(bytes, back.toBytes());
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(back.outputNormMean()[1]));
  }

  @Test
  void sizeBytes_dependsOnlyOnConfig() {
    assertEquals(StreamState.initial(CFG).sizeBytes(), random(2).toBytes().length);
    assertEquals(random(3).sizeBytes(), random(4).sizeBytes());
    // 7B: 32 layers x 4096 x 16 complex float32 = 16 MiB of CEMA h (MODEL.md 1.10), plus small norms
    MegalodonConfig big = MegalodonConfig.builder().numLayers(32).modelDim(4096).zDim(1024)
        .valueDim(8192).numHeads(4).normNumGroups(64).vocabSize(32000).build();
    long size = StreamState.initial(big).sizeBytes();
    assertTrue(size > 16L << 20 && size < (16L << 20) + 64 * 1024, "size " + size);
  }

  @Test
  void copy_isEqualAndIndependent() {
    StreamState s = random(5);
    StreamState c = s.copy();
    assertEquals(s, c);
    assertEquals(s.hashCode(), c.hashCode());
    float[] re = c.emaRe(0);
    re[0] += 1;
    assertEquals(s, c); // accessors return copies
    assertNotEquals(s, c.toBuilder().ema(0, re, c.emaIm(0)).build());
  }

  @Test
  void wrongMagic_isNotAState() {
    byte[] b = random(6).toBytes();
    b[0] = 'X';
    var e = assertThrows(MegalodonException.class, () -> StreamState.fromBytes(b));
    assertTrue(e.getMessage().startsWith("not a Megaspark stream state: the bytes start with 'XGST'"),
        e.getMessage());
  }

  @Test
  void newerVersion_isRefused() {
    byte[] b = random(7).toBytes();
    b[4] = 9;
    var e = assertThrows(MegalodonException.class, () -> StreamState.fromBytes(b));
    assertTrue(e.getMessage().startsWith("stream state format version 9 is newer than the 1"),
        e.getMessage());
  }

  @Test
  void truncated_isCorrupt() {
    byte[] b = Arrays.copyOf(random(8).toBytes(), 100);
    var e = assertThrows(MegalodonException.class, () -> StreamState.fromBytes(b));
    assertTrue(e.getMessage().contains("corrupt stream state at byte 8: shapes layers=3, D=8, N=4,"
        + " G=2 need"), e.getMessage());
  }

  @Test
  void flippedByte_failsChecksum() {
    byte[] b = random(9).toBytes();
    b[200] ^= 1;
    var e = assertThrows(MegalodonException.class, () -> StreamState.fromBytes(b));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
  }

  @Test
  void unknownSection_isRefusedWithItsTag() {
    byte[] b = random(10).toBytes();
    int firstSection = 4 + 2 + 2 + 16 + 8 + 4;
    b[firstSection] = 'I';
    b[firstSection + 1] = 'N';
    b[firstSection + 2] = 'F';
    b[firstSection + 3] = 'M';
    fixCrc(b);
    var e = assertThrows(MegalodonException.class, () -> StreamState.fromBytes(b));
    assertTrue(e.getMessage().contains("unknown section 'INFM'"), e.getMessage());
  }

  @Test
  void stateOfAnotherModel_doesNotFit() {
    var e = assertThrows(MegalodonException.class,
        () -> random(11).checkFits(CFG.toBuilder().numLayers(4).build()));
    assertTrue(e.getMessage().startsWith("stream state does not fit the model: num_layers is 3 in the"
        + " state but 4 in the config"), e.getMessage());
  }

  private static void fixCrc(byte[] b) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b, b.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
  }
}
