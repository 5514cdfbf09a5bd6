package io.megaspark.jobs.input;

/** Why a document is rejected (the counts of a {@code --on-bad-record=skip} run are per reason). */
public enum BadReason {
  /** Too many control bytes near the start: a binary file. */
  BINARY("binary content"),
  /** A NUL byte: text never contains one (binary data or UTF-16 text). */
  NUL_BYTE("NUL byte"),
  /** Bytes that are not well-formed UTF-8. */
  INVALID_UTF8("invalid UTF-8"),
  /** A JSONL line that is not a JSON object. */
  MALFORMED_JSON("malformed JSON line"),
  /** A record without an id, or with a null id. */
  NULL_ID("null or missing id"),
  /** A second record with an id already seen (the first one is kept). */
  DUPLICATE_ID("duplicate id"),
  /** A record without its text field, or with a null or non-string text. */
  MISSING_TEXT("missing text"),
  /** The input could not be read. */
  UNREADABLE("unreadable input"),
  /** A document in the state store is longer than its text now (it was edited, not appended to). */
  TEXT_SHRANK("text shorter than stored state");

  private final String label;

  BadReason(String label) {
    this.label = label;
  }

  /** A short human label, used in counts and messages. */
  public String label() {
    return label;
  }
}
