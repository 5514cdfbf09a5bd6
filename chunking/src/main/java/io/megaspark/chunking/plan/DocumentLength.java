package io.megaspark.chunking.plan;

import java.util.Objects;

/**
 * A document to plan: its id and the length of its token stream (BOS + tokens + EOS, so at least 2 for
 * a real document; any length >= 1 is accepted).
 */
public record DocumentLength(String docId, long tokens) {
  public DocumentLength {
    Objects.requireNonNull(docId, "docId");
    if (tokens < 1) {
      throw new IllegalArgumentException("tokens of " + docId + ": " + tokens + ", must be >= 1");
    }
  }
}
