package io.megaspark.jobs.io;

import io.megaspark.jobs.JobErrors;
import java.util.Locale;

/** Result file formats ({@code --format}). */
public enum OutputFormat {
  PARQUET,
  /** JSON lines, one object per document. */
  JSON,
  /** CSV with a header; map, array and struct columns are written as JSON strings. */
  CSV;

  public static OutputFormat parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw JobErrors.badOption("format", value, "parquet, json or csv");
    }
  }
}
