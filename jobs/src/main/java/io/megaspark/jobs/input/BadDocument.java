package io.megaspark.jobs.input;

import java.io.Serializable;
import java.util.Objects;

/**
 * One rejected input record: why, and where (file, document id when known, byte offset in the file; for
 * Parquet input the offset is the row index in the file).
 *
 * @param reason why the record is rejected
 * @param path the input file
 * @param docId the document id, or null when the record has none (or it could not be read)
 * @param offset byte offset of the problem in the file (row index for Parquet)
 * @param detail what exactly was found, for the message
 */
public record BadDocument(BadReason reason, String path, String docId, long offset, String detail)
    implements Serializable {
  public BadDocument {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(detail, "detail");
  }

  /** The same record seen from a byte range or line starting at {@code base}. */
  public BadDocument shifted(long base) {
    return new BadDocument(reason, path, docId, base + offset, detail);
  }

  /** The same record under a document id. */
  public BadDocument withDocId(String id) {
    return new BadDocument(reason, path, id, offset, detail);
  }

  /** Where, as messages print it: "file data/a.txt, document a.txt, byte 120". */
  public String where() {
    return "file " + path + (docId == null ? "" : ", document " + docId) + ", byte " + offset;
  }
}
