package io.megaspark.chunking.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BlockSpecTest {

  @Test
  void blockLengthIsChunksTimesChunkSize() {
    BlockSpec spec = new BlockSpec(2048, 4);
    assertEquals(8192, spec.blockLength());
    assertEquals(0, spec.blockCount(0));
    assertEquals(1, spec.blockCount(8192));
    assertEquals(2, spec.blockCount(8193));
  }

  @Test
  void blockSpec_badValues_nameKeyValueAndRule() {
    assertEquals("chunkSize: 0, must be >= 1",
        assertThrows(IllegalArgumentException.class, () -> new BlockSpec(0, 4)).getMessage());
    assertEquals("chunksPerBlock: -1, must be >= 1",
        assertThrows(IllegalArgumentException.class, () -> new BlockSpec(16, -1)).getMessage());
    assertEquals("chunkSize x chunksPerBlock: 65536 x 128 = 8388608 tokens, must be <= 4194304",
        assertThrows(IllegalArgumentException.class, () -> new BlockSpec(65536, 128)).getMessage());
  }
}
