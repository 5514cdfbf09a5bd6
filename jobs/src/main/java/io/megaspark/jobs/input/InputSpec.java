package io.megaspark.jobs.input;

import java.io.Serializable;
import java.util.Objects;

/**
 * What to read.
 *
 * @param path a file, directory (walked recursively) or glob
 * @param format how to read it
 * @param idField the id field of JSONL records and Parquet rows
 * @param textField the text field of JSONL records and Parquet rows
 * @param rangeBytes text files larger than this are counted in byte ranges in parallel (they are still
 *     one document, streamed in order by one task)
 */
public record InputSpec(String path, InputFormat format, String idField, String textField, long rangeBytes)
    implements Serializable {
  public InputSpec {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(idField, "idField");
    Objects.requireNonNull(textField, "textField");
    if (rangeBytes < 1) {
      throw new IllegalArgumentException("range-bytes: got " + rangeBytes + ", must be at least 1");
    }
  }
}
