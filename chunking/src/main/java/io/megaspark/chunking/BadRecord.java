package io.megaspark.chunking;

import java.util.Objects;

/**
 * One input record (document, file or byte range) that cannot be tokenized as text. The chunking module
 * only reports it; the caller applies its {@code --on-bad-record=fail|skip} policy and counts skips
 * (DESIGN.md, "Bad input").
 *
 * @param reason what is wrong
 * @param where the path or document id of the record
 * @param byteOffset offset of the first offending byte from the start of the record, or of the read
 *     position when the record became unreadable
 */
public record BadRecord(Reason reason, String where, long byteOffset) {

  /** Why a record is bad. */
  public enum Reason {
    /** A NUL byte (0x00): text never contains one; binary files and UTF-16 text do. */
    NUL_BYTE,
    /** Too many control bytes near the start: a binary file (see {@code BinaryDetector}). */
    CONTROL_BYTES,
    /** Reading the bytes failed (missing file, permission, I/O error). */
    UNREADABLE
  }

  public BadRecord {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(where, "where");
    if (byteOffset < 0) {
      throw new IllegalArgumentException("byteOffset: " + byteOffset + ", must be >= 0");
    }
  }

  /** The user-facing message: problem, why, fix, where. */
  public String message() {
    return ChunkingErrors.badRecordMessage(this, null);
  }
}
