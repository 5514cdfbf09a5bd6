package io.megaspark.jobs.input;

import io.megaspark.jobs.JobErrors;
import java.util.Locale;

/** How input files are read ({@code --input-format}). */
public enum InputFormat {
  /** Chosen from the file names: .jsonl/.json/.ndjson as JSONL, .parquet as Parquet, else text. */
  AUTO,
  /** Every file is one document; its id is its path relative to the input root. */
  TEXT,
  /** One JSON object per line with an id and a text field (--id-field, --text-field). */
  JSONL,
  /** Parquet files with an id and a text column (--id-field, --text-field). */
  PARQUET;

  /** Parses an option value (case-insensitive). */
  public static InputFormat parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw JobErrors.badOption("input-format", value, "one of auto, text, jsonl, parquet");
    }
  }

  /** The format of a file by its name, for {@link #AUTO}. */
  public static InputFormat ofFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".ndjson")) {
      return JSONL;
    }
    if (n.endsWith(".parquet")) {
      return PARQUET;
    }
    return TEXT;
  }
}
