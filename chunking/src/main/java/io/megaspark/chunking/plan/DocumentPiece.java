package io.megaspark.chunking.plan;

import java.util.Objects;

/**
 * A whole document, or one contiguous range of a document cut for the cross-partition mode: blocks
 * [firstBlock, firstBlock + blockCount) and tokens [firstToken, firstToken + tokens) of docId.
 *
 * @param docId the document
 * @param rangeIndex which range, from 0 (0 for a whole document)
 * @param rangeCount how many ranges the document was cut into (1 for a whole document)
 * @param firstBlock the range's first block index within the document
 * @param blockCount blocks in the range (>= 1)
 * @param firstToken = firstBlock x T
 * @param tokens tokens in the range
 */
public record DocumentPiece(
    String docId, int rangeIndex, int rangeCount, long firstBlock, long blockCount, long firstToken, long tokens) {
  public DocumentPiece {
    Objects.requireNonNull(docId, "docId");
    if (rangeIndex < 0 || rangeIndex >= rangeCount) {
      throw new IllegalArgumentException(
          "rangeIndex: " + rangeIndex + " of " + rangeCount + ", must be in [0, rangeCount)");
    }
    if (firstBlock < 0 || blockCount < 1 || firstToken < 0 || tokens < 1) {
      throw new IllegalArgumentException("piece of " + docId + ": firstBlock=" + firstBlock + " blockCount="
          + blockCount + " firstToken=" + firstToken + " tokens=" + tokens + ", need counts >= 1, offsets >= 0");
    }
  }

  /** Whether this piece is a whole document. */
  public boolean whole() {
    return rangeCount == 1;
  }

  @Override
  public String toString() {
    String range = whole() ? "" : " [range " + (rangeIndex + 1) + "/" + rangeCount + "]";
    return docId + range + " blocks " + firstBlock + ".." + (firstBlock + blockCount - 1) + " (" + blockCount
        + " blocks, " + tokens + " tokens)";
  }
}
