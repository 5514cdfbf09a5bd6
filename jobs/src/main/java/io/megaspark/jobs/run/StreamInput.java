package io.megaspark.jobs.run;

import java.util.Iterator;
import java.util.Objects;

/**
 * One document as the runner opens it.
 *
 * @param docId the document's id (for messages)
 * @param tokens the fed tokens, read lazily: BOS and the text's tokens, or for a continued document the
 *     stored tail and the new text's tokens
 * @param startPosition stream position of the first fed token
 * @param scoreFrom first position whose prediction counts (earlier ones were scored by an earlier run)
 * @param initialState bytes of the state before the first fed token, or null for a fresh document
 * @param fold the job's fold for this document
 * @param resource closed when the document is done (the open input), or null
 */
public record StreamInput(
    String docId,
    Iterator<int[]> tokens,
    long startPosition,
    long scoreFrom,
    byte[] initialState,
    DocumentFold fold,
    AutoCloseable resource) {
  public StreamInput {
    Objects.requireNonNull(docId, "docId");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(fold, "fold");
  }
}
