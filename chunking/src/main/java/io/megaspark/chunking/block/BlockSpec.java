package io.megaspark.chunking.block;

/**
 * The block length T as K chunks of C tokens: blocks end on attention-chunk boundaries, so no key/value
 * cache crosses blocks and only the recurrent state is carried (DESIGN.md, "The state contract").
 *
 * @param chunkSize C, the model's attention chunk length (MODEL.md 1.5: 2048 in the official configs)
 * @param chunksPerBlock K, chunks per block
 */
public record BlockSpec(int chunkSize, int chunksPerBlock) {
  /** The largest block, in tokens (16 MiB of ids): bigger blocks only cost memory. */
  public static final int MAX_BLOCK_LENGTH = 1 << 22;

  public BlockSpec {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize: " + chunkSize + ", must be >= 1");
    }
    if (chunksPerBlock < 1) {
      throw new IllegalArgumentException("chunksPerBlock: " + chunksPerBlock + ", must be >= 1");
    }
    if ((long) chunkSize * chunksPerBlock > MAX_BLOCK_LENGTH) {
      throw new IllegalArgumentException(
          "chunkSize x chunksPerBlock: " + chunkSize + " x " + chunksPerBlock + " = "
              + (long) chunkSize * chunksPerBlock + " tokens, must be <= " + MAX_BLOCK_LENGTH);
    }
  }

  /** T = K x C tokens. */
  public int blockLength() {
    return chunkSize * chunksPerBlock;
  }

  /** How many blocks a stream of that many tokens fills (the last may be shorter). */
  public long blockCount(long tokens) {
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens: " + tokens + ", must be >= 0");
    }
    return (tokens + blockLength() - 1) / blockLength();
  }
}
