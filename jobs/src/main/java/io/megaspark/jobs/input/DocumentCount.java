package io.megaspark.jobs.input;

import java.io.Serializable;

/**
 * The tokenize stage's result for one document (or one byte range of a large file): collected on the
 * driver for bad-record handling, duplicate ids and planning.
 *
 * @param ordinal the document's input order
 * @param docId its id (null for a record without one)
 * @param path its file
 * @param recordOffset where the record starts in its file (0 for text files, the line offset for JSONL,
 *     the row index for Parquet)
 * @param tokens the text's tokens (BOS and EOS not counted)
 * @param bytes the text's UTF-8 bytes
 * @param bad why the record is rejected, or null
 */
public record DocumentCount(
    long ordinal, String docId, String path, long recordOffset, long tokens, long bytes, BadDocument bad)
    implements Serializable {

  /** Two ranges of one document merged: counts add up, the first problem (by offset) wins. */
  public DocumentCount merge(DocumentCount other) {
    BadDocument b = bad == null ? other.bad : other.bad == null || bad.offset() <= other.bad.offset() ? bad : other.bad;
    return new DocumentCount(ordinal, docId, path, recordOffset, tokens + other.tokens, bytes + other.bytes, b);
  }

  /** This count marked bad. */
  public DocumentCount rejected(BadDocument why) {
    return new DocumentCount(ordinal, docId, path, recordOffset, tokens, bytes, why);
  }
}
