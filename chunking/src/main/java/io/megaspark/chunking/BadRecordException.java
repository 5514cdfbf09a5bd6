package io.megaspark.chunking;

/**
 * Thrown when a record turns out to be bad while it is being read (a NUL byte 300 MB into a file, an
 * I/O error). It carries the {@link BadRecord}, so the caller can fail with {@link #getMessage()} or skip
 * the record and count it; chunking never decides which.
 */
public final class BadRecordException extends ChunkingException {
  private static final long serialVersionUID = 1L;

  private final BadRecord record;

  BadRecordException(BadRecord record, String message, Throwable cause) {
    super(message, cause);
    this.record = record;
  }

  public BadRecord record() {
    return record;
  }
}
