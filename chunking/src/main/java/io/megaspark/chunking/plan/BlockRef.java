package io.megaspark.chunking.plan;

/** Block blockIndex of document docId: its stable key is "docId#blockIndex" (TokenBlock.blockId()). */
public record BlockRef(String docId, long blockIndex) {
  @Override
  public String toString() {
    return docId + "#" + blockIndex;
  }
}
