package io.megaspark.chunking.text;

import io.megaspark.chunking.BadRecord;
import java.util.Optional;

/**
 * The rule that tells text from binary input, on raw bytes (UTF-8 or not):
 *
 * <ul>
 *   <li>a NUL byte (0x00) anywhere makes a record binary: text never has one, while executables, images,
 *       archives and UTF-16 text nearly always do;
 *   <li>otherwise, the first {@value #HEAD_BYTES} bytes (or the whole record, if shorter) are binary when
 *       more than 1/{@value #CONTROL_SHARE_DENOMINATOR} of them, and at least {@value #MIN_CONTROL_BYTES},
 *       are control bytes: 0x01-0x1F except tab, line feed, vertical tab, form feed, carriage return and
 *       escape (ANSI colours in logs), plus DEL 0x7F.
 * </ul>
 *
 * ISO-8859-1 and other 8-bit text passes (bytes >= 0x80 are never control bytes here); it is invalid
 * UTF-8, which the tokenizers handle on their own.
 */
public final class BinaryDetector {
  public static final int HEAD_BYTES = 8192;
  public static final int CONTROL_SHARE_DENOMINATOR = 16;
  public static final int MIN_CONTROL_BYTES = 4;

  private BinaryDetector() {}

  /** Whether b is a control byte in the sense above (NUL included). */
  public static boolean isControl(byte b) {
    int u = b & 0xFF;
    if (u == 0x7F) {
      return true;
    }
    return u < 0x20 && !(u >= 0x09 && u <= 0x0D) && u != 0x1B;
  }

  /** Offset of the first NUL in buf[off, off + len), relative to buf, or -1. */
  public static int indexOfNul(byte[] buf, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      if (buf[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Judges the head of a record: its first {@link #HEAD_BYTES} bytes, or all of it if shorter.
   *
   * @return the bad record (NUL_BYTE or CONTROL_BYTES, with the offset of the first offending byte), or
   *     empty if the head looks like text
   */
  public static Optional<BadRecord> inspectHead(byte[] head, int len, String where) {
    int nul = indexOfNul(head, 0, len);
    if (nul >= 0) {
      return Optional.of(new BadRecord(BadRecord.Reason.NUL_BYTE, where, nul));
    }
    int controls = 0;
    int first = -1;
    for (int i = 0; i < len; i++) {
      if (isControl(head[i])) {
        controls++;
        if (first < 0) {
          first = i;
        }
      }
    }
    boolean binary = controls >= MIN_CONTROL_BYTES && (long) controls * CONTROL_SHARE_DENOMINATOR > len;
    return binary ? Optional.of(new BadRecord(BadRecord.Reason.CONTROL_BYTES, where, first)) : Optional.empty();
  }
}
