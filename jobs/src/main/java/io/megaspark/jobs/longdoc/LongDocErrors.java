package io.megaspark.jobs.longdoc;

import io.megaspark.jobs.MegasparkException;

/** User-facing errors of the long-document modes (problem, why, fix, where). */
public final class LongDocErrors {
  private LongDocErrors() {}

  public static MegasparkException badMode(String value, String valid) {
    return new MegasparkException("bad --long-doc-mode '" + value + "': expected one of " + valid
        + " (auto picks relay or scan per document; single keeps every document in one task)");
  }

  public static MegasparkException badMaxTokens(long value) {
    return new MegasparkException("bad --max-tokens-per-task " + value + ": must be a positive number of"
        + " tokens (documents longer than this are split into ranges; it is rounded down to whole chunks,"
        + " at least one)");
  }

  public static MegasparkException duplicateDocument(String docId) {
    return new MegasparkException("document id '" + docId + "' appears twice in the long-document input:"
        + " ranges of one document must come from one row (deduplicate the ids)");
  }

  public static MegasparkException emptyDocument(String docId) {
    return new MegasparkException("document '" + docId + "' has no tokens: a long-document run needs at"
        + " least one token per document (drop empty documents or use --on-bad-record=skip)");
  }
}
