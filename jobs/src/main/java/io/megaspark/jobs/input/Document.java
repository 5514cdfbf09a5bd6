package io.megaspark.jobs.input;

import java.io.Serializable;
import java.util.Objects;

/**
 * One input document.
 *
 * @param ordinal its place in input order (files sorted by path, then lines or rows in file order): ties
 *     broken, ids stable, so reruns see the documents in the same order
 * @param docId its id, or null for an {@link DocumentSource.Invalid} record without one
 * @param source where its text is
 */
public record Document(long ordinal, String docId, DocumentSource source) implements Serializable {
  public Document {
    Objects.requireNonNull(source, "source");
    if (docId == null && !(source instanceof DocumentSource.Invalid)) {
      throw new IllegalArgumentException("document " + ordinal + " has no id");
    }
  }
}
