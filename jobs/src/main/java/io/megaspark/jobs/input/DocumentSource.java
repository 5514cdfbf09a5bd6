package io.megaspark.jobs.input;

import java.io.Serializable;
import java.util.Objects;

/** Where a document's text comes from. Small values: they travel in Spark rows, the text is read lazily. */
public sealed interface DocumentSource extends Serializable
    permits DocumentSource.FileText, DocumentSource.InlineText, DocumentSource.Invalid {

  /** The file the document comes from (for messages). */
  String path();

  /**
   * A whole text file, read (and re-read) as a stream: its size never has to fit in memory.
   *
   * @param path the file (a Hadoop path URI)
   * @param length its size in bytes when it was listed
   */
  record FileText(String path, long length) implements DocumentSource {
    public FileText {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * Text held in the record itself (a JSONL line, a Parquet row, a notebook's Dataset row).
   *
   * @param text the text
   * @param path the file it came from (or "dataset")
   * @param offset where in that file: byte offset of the JSONL line, or the Parquet row index
   */
  record InlineText(String text, String path, long offset) implements DocumentSource {
    public InlineText {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(path, "path");
    }
  }

  /** A record that could not be read as a document; it is counted or fails the job (--on-bad-record). */
  record Invalid(BadDocument bad) implements DocumentSource {
    public Invalid {
      Objects.requireNonNull(bad, "bad");
    }

    @Override
    public String path() {
      return bad.path();
    }
  }
}
