package io.megaspark.megalodon.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PositionBucketsTest {
  @Test
  void bucketOf_boundariesBelongToTheUpperBucket() {
    assertEquals(0, PositionBuckets.bucketOf(0));
    assertEquals(0, PositionBuckets.bucketOf(1023));
    assertEquals(1, PositionBuckets.bucketOf(1024));
    assertEquals(2, PositionBuckets.bucketOf(4096));
    assertEquals(4, PositionBuckets.bucketOf(256 * 1024 - 1));
    assertEquals(5, PositionBuckets.bucketOf(10_000_000));
  }

  @Test
  void bitsPerToken_isMeanNatsOverLnTwo() {
    PositionBuckets b = new PositionBuckets();
    b.add(5, Math.log(2));
    b.add(6, 3 * Math.log(2));
    assertEquals(2.0, b.bitsPerToken(0), 1e-12);
    assertEquals(2, b.totalCount());
  }
}
