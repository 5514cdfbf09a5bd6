package io.megaspark.megalodon.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LayerMemorySummaryTest {
  private static final LayerMemorySummary A = new LayerMemorySummary(
      new double[] {1, 2, 3, 4, 5, 6}, new double[] {0.5, 0.25});
  private static final LayerMemorySummary B = new LayerMemorySummary(
      new double[] {-1, 0.5, 2, 0, 1e-9, 7}, new double[] {1, 3});

  @Test
  void combine_addsAndHasTheEmptyMemoryAsIdentity() {
    LayerMemorySummary sum = A.combine(B);
    assertArrayEquals(new double[] {0, 2.5, 5, 4, 5 + 1e-9, 13}, sum.m(), 0.0); // exact sums
    assertArrayEquals(new double[] {1.5, 3.25}, sum.z(), 0.0);
    assertEquals(A, LayerMemorySummary.empty(6, 2).combine(A));
    assertEquals(A, A.combine(LayerMemorySummary.empty(6, 2)));
  }

  @Test
  void bytes_roundTripExactly() {
    assertEquals(B, LayerMemorySummary.fromBytes(B.toBytes()));
  }

  @Test
  void fromBytes_truncated_saysSo() {
    byte[] b = A.toBytes();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LayerMemorySummary.fromBytes(java.util.Arrays.copyOf(b, b.length - 8)));
    assertEquals("LayerMemorySummary value width = 3 needs 64 more bytes, got 56 (truncated or not this"
        + " format)", e.getMessage());
  }
}
