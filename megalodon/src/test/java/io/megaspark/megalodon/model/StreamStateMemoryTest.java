package io.megaspark.megalodon.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.memory.InfiniMemoryConfig;
import io.megaspark.megalodon.memory.InfiniMemoryState;
import io.megaspark.megalodon.memory.UpdateRule;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Infini memory section of a stream state (StateCodec tag "INFI"). */
class StreamStateMemoryTest {
  private static final MegalodonConfig PLAIN = MegalodonConfig.builder().numLayers(3).modelDim(8)
      .zDim(4).valueDim(8).numHeads(2).ffnHiddenDim(16).cemaNdim(4).chunkSize(4).normNumGroups(2)
      .vocabSize(10).build();
  private static final MegalodonConfig MEMORY =
      PLAIN.toBuilder().infini(new InfiniMemoryConfig(true, UpdateRule.DELTA, 0.0)).build();

  static StreamState randomWithMemory(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StreamState.Builder b = StreamStateTest.random(seed).toBuilder().withMemory(2, 2, 4);
    for (int l = 0; l < 3; l++) {
      b.memory(l, r.doubles(2 * 2 * 4, -3, 3).toArray(), r.doubles(2 * 2, 0, 50).toArray());
    }
    return b.build();
  }

  @Test
  void initialState_hasZeroMemoryOfTheConfigShape() {
    StreamState s = StreamState.initial(MEMORY);
    assertTrue(s.hasMemory());
    assertEquals(2, s.memoryHeads());
    assertEquals(InfiniMemoryState.empty(2, 4), s.memory(2, 1));
    assertTrue(!StreamState.initial(PLAIN).hasMemory());
  }

  @Test
  void bytesRoundTrip_withMemory_isBitExact() {
    StreamState s = randomWithMemory(1);
    byte[] bytes = s.toBytes();
    StreamState back = StreamState.fromBytes(bytes);
    assertEquals(s, back);
    assertArrayEquals(bytes, back.toBytes());
    assertEquals(s.sizeBytes(), bytes.length);
  }

  @Test
  void memorySection_addsItsHeaderAndFloat64Payload() {
    long plain = StreamStateTest.random(2).sizeBytes();
    // tag 4 + length 8 + H, Dz, Dv 12 + 3 layers x 2 heads x Dz 2 x (Dv 4 + 1) float64
    assertEquals(plain + 4 + 8 + 12 + 8L * 3 * 2 * 2 * 5, randomWithMemory(2).sizeBytes());
  }

  @Test
  void stateWithoutMemory_isTheFormatWithoutTheSection() {
    StreamState s = StreamStateTest.random(3);
    assertEquals(3, java.nio.ByteBuffer.wrap(s.toBytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .getInt(4 + 2 + 2 + 16 + 8), "section count");
  }

  @Test
  void perHeadAccessors_matchTheLayerArrays() {
    StreamState s = randomWithMemory(4);
    InfiniMemoryState head1 = s.memory(1, 1);
    assertArrayEquals(Arrays.copyOfRange(s.memoryM(1), 8, 16), head1.m(), 0.0);
    assertArrayEquals(Arrays.copyOfRange(s.memoryZ(1), 2, 4), head1.z(), 0.0);
    StreamState changed = s.toBuilder().memory(1, 1, InfiniMemoryState.empty(2, 4)).build();
    assertNotEquals(s, changed);
    assertEquals(s.memory(1, 0), changed.memory(1, 0));
  }

  @Test
  void truncatedMemorySection_isCorrupt() {
    byte[] full = randomWithMemory(5).toBytes();
    byte[] cut = Arrays.copyOf(full, full.length - 40);
    fixCrc(cut);
    var e = assertThrows(MegalodonException.class, () -> StreamState.fromBytes(cut));
    assertTrue(e.getMessage().contains("memory section with H=2, Dz=2, Dv=4 does not fit"), e.getMessage());
  }

  @Test
  void memoryState_doesNotFitAModelWithoutMemory() {
    var e = assertThrows(MegalodonException.class, () -> randomWithMemory(6).checkFits(PLAIN));
    assertEquals("stream state does not fit the model: Infini memory is present in the state but disabled"
        + " in the config (the state was written by another model; restart the document or use the model"
        + " that wrote it)", e.getMessage());
  }

  @Test
  void memoryOfOtherWidths_doesNotFit() {
    StreamState s = StreamState.initial(PLAIN).toBuilder().withMemory(2, 2, 3).build();
    var e = assertThrows(MegalodonException.class, () -> s.checkFits(MEMORY));
    assertTrue(e.getMessage().startsWith("stream state does not fit the model: value_dim / num_heads"
        + " (Infini memory Dv) is 3 in the state but 4"), e.getMessage());
  }

  private static void fixCrc(byte[] b) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b, 0, b.length - 4);
    java.nio.ByteBuffer.wrap(b, b.length - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putInt((int) crc.getValue());
  }
}
