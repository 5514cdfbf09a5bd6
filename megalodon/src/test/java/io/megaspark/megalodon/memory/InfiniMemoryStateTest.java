package io.megaspark.megalodon.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The carried memory: shape rules and the binary form. */
class InfiniMemoryStateTest {
  private static InfiniMemoryState sample(long seed) {
    Random random = new Random(seed);
    double[] m = new double[4 * 3];
    double[] z = new double[4];
    Arrays.setAll(m, i -> random.nextGaussian());
    Arrays.setAll(z, i -> random.nextDouble() * 10);
    return new InfiniMemoryState(4, 3, m, z);
  }

  @Test
  void bytes_roundTripBitForBit() {
    InfiniMemoryState state = sample(1);
    byte[] bytes = state.toBytes();
    assertEquals(InfiniMemoryState.serializedSize(4, 3), bytes.length);
    assertEquals(16 + 8 * 4 * (3 + 1), bytes.length); // header + Dz*(Dv+1) float64
    assertEquals(state, InfiniMemoryState.fromBytes(bytes, "test"));
  }

  @Test
  void headsOfALayer_streamOneAfterAnother() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      sample(1).writeTo(out);
      sample(2).writeTo(out);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
      assertEquals(sample(1), InfiniMemoryState.readFrom(in, "layer 0 head 0"));
      assertEquals(sample(2), InfiniMemoryState.readFrom(in, "layer 0 head 1"));
    }
  }

  @Test
  void emptyState_isEmpty_andStoredStateIsNot() {
    assertTrue(InfiniMemoryState.empty(4, 3).isEmpty());
    assertEquals(false, sample(3).isEmpty());
    assertEquals(4L * 4, InfiniMemoryConfig.stateNumbersPerHead(4, 3));
  }

  @Test
  void wrongMagic_isReportedWithWhere() {
    byte[] bytes = sample(1).toBytes();
    bytes[0] = 'X';
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InfiniMemoryState.fromBytes(bytes, "state store doc-7 layer 2 head 0"));
    assertEquals("Infini memory state in state store doc-7 layer 2 head 0 is unreadable: magic 0x584E464D, expected"
        + " 0x494E464D (\"INFM\"). The stored state is damaged or was written by another program; discard it and"
        + " rerun from the start of the document", e.getMessage());
  }

  @Test
  void truncatedBytes_areReported() {
    byte[] bytes = Arrays.copyOf(sample(1).toBytes(), 40);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InfiniMemoryState.fromBytes(bytes, "x"));
    assertTrue(e.getMessage().startsWith("Infini memory state in x is unreadable: it ends early (truncated)."),
        e.getMessage());
  }

  @Test
  void trailingBytes_areReported() {
    byte[] bytes = Arrays.copyOf(sample(1).toBytes(), InfiniMemoryState.serializedSize(4, 3) + 8);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InfiniMemoryState.fromBytes(bytes, "x"));
    assertTrue(e.getMessage().startsWith("Infini memory state in x is unreadable: 8 bytes left after Dz=4, Dv=3"
        + " (144 bytes)."), e.getMessage());
  }

  @Test
  void negativeNormaliser_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new InfiniMemoryState(1, 1, new double[] {0}, new double[] {-1}));
    assertEquals("z[0] = -1.0: must be finite and >= 0 (a sum of ELU+1 values)", e.getMessage());
  }

  @Test
  void wrongMemoryShape_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new InfiniMemoryState(2, 3, new double[5], new double[2]));
    assertEquals("m: expected [2 * 3], got [5]", e.getMessage());
  }
}
