package io.megaspark.chunking.block;

import java.util.Arrays;
import java.util.Objects;

/**
 * One block of a document's token stream (BOS + tokens + EOS): tokens [firstToken, firstToken +
 * tokens.length) of document docId. Every block but a document's last holds exactly T tokens, and
 * firstToken = blockIndex x T; the same input gives the same blocks on every run, so (docId, blockIndex)
 * is a stable key ({@link #blockId()}).
 *
 * @param docId the document's id
 * @param blockIndex position of the block within the document, from 0
 * @param firstToken offset of the block's first token within the document's stream
 * @param tokens [T] ids, or fewer in the last block; never empty. Not copied: treat as immutable
 * @param last whether this is the document's final block (the one that ends with EOS)
 */
public record TokenBlock(String docId, int blockIndex, long firstToken, int[] tokens, boolean last) {
  public TokenBlock {
    Objects.requireNonNull(docId, "docId");
    Objects.requireNonNull(tokens, "tokens");
    if (blockIndex < 0) {
      throw new IllegalArgumentException("blockIndex: " + blockIndex + ", must be >= 0");
    }
    if (firstToken < 0) {
      throw new IllegalArgumentException("firstToken: " + firstToken + ", must be >= 0");
    }
    if (tokens.length == 0) {
      throw new IllegalArgumentException(
          "tokens of block " + blockIndex + " of " + docId + ": empty, a block holds at least one token");
    }
  }

  /** "docId#blockIndex": stable across runs. */
  public String blockId() {
    return docId + "#" + blockIndex;
  }

  /** The offset after the block's last token. */
  public long endToken() {
    return firstToken + tokens.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenBlock b && blockIndex == b.blockIndex && firstToken == b.firstToken
        && last == b.last && docId.equals(b.docId) && Arrays.equals(tokens, b.tokens);
  }

  @Override
  public int hashCode() {
    return Objects.hash(docId, blockIndex, firstToken, last) * 31 + Arrays.hashCode(tokens);
  }

  @Override
  public String toString() {
    return "TokenBlock[" + blockId() + ", tokens [" + firstToken + ", " + endToken() + ")"
        + (last ? ", last" : "") + "]";
  }
}
